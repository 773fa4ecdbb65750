// teitools HTML edition: the search page. It answers from the static index that the build writes
// into search/ (teitools/render/search.py says what each file holds). The index files are scripts
// that call ttSearchLoaded(), loaded with <script> elements: no fetch(), no WebAssembly, so the
// search works from file:// as well as from any static host. Only the shards of the words asked
// for, and the text of the passages shown, are loaded.
(function () {
  "use strict";
  var form = document.getElementById("search-form");
  if (!form) { return; }
  var input = document.getElementById("search-q");
  var documentSelect = document.getElementById("search-document");
  var status = document.getElementById("search-status");
  var list = document.getElementById("search-results");
  var more = document.getElementById("search-more");
  var PAGE = 20;
  var CONTEXT = 70;
  var meta = null;
  var loaded = {};   // "kind:key" -> data
  var pending = {};  // "kind:key" -> promise
  var foldCache = {};
  var wordPattern = null;
  var shown = [];
  var current = null;
  var generation = 0;

  window.ttSearchLoaded = function (kind, key, data) { loaded[kind + ":" + key] = data; };

  function load(kind, key, file) {
    var id = kind + ":" + key;
    if (Object.prototype.hasOwnProperty.call(loaded, id)) { return Promise.resolve(loaded[id]); }
    if (!pending[id]) {
      pending[id] = new Promise(function (resolve, reject) {
        var script = document.createElement("script");
        script.src = "search/" + file;
        script.onload = function () { resolve(loaded[id]); };
        script.onerror = function () { delete pending[id]; reject(new Error("cannot load search/" + file)); };
        document.head.appendChild(script);
      });
    }
    return pending[id];
  }

  // Folding, as teitools.render.search.fold: lower case, diacritics removed, the letters of meta.fold replaced.
  function foldCharacter(character) {
    if (!Object.prototype.hasOwnProperty.call(foldCache, character)) {
      foldCache[character] = Object.prototype.hasOwnProperty.call(meta.fold, character) ? meta.fold[character]
        : character.toLowerCase().normalize("NFD").replace(/\p{M}/gu, "");
    }
    return foldCache[character];
  }

  // The folded text, and for each of its code units the index in `text` of the character it comes from.
  function foldWithOrigins(text) {
    var folded = "";
    var origins = [];
    var index = 0;
    for (var character of text) {
      var part = foldCharacter(character);
      for (var i = 0; i < part.length; i++) { origins.push(index); }
      folded += part;
      index += character.length;
    }
    origins.push(index);
    return { text: folded, origins: origins };
  }

  function wordsOf(text) {
    var folded = foldWithOrigins(text);
    var found = [];
    var match;
    wordPattern.lastIndex = 0;
    while ((match = wordPattern.exec(folded.text)) !== null) {
      found.push({ word: match[0], start: folded.origins[match.index],
                   end: folded.origins[match.index + match[0].length] });
    }
    return found;
  }

  // A query word matches an indexed word when equal; the last word of the query, while typed, also as a prefix.
  function matcher(term, isLast) {
    var prefix = isLast && term.length >= 3;
    return function (word) { return word === term || (prefix && word.lastIndexOf(term, 0) === 0); };
  }

  // The shards whose words may match: meta.shards holds the first and last word of each, in the order
  // of JavaScript's string comparison.
  function shardsFor(term, isLast) {
    var prefix = isLast && term.length >= 3;
    var found = [];
    meta.shards.forEach(function (range, number) {
      var first = range[0];
      var last = range[1];
      if (prefix ? first <= term + "\uffff" && last >= term : first <= term && term <= last) {
        found.push(number);
      }
    });
    return found;
  }

  // Hits of one query word: "document:passage" -> {document, passage, names: {occurrence: kind}}.
  function hitsOf(term, isLast) {
    var matches = matcher(term, isLast);
    var keys = shardsFor(term, isLast);
    return Promise.all(keys.map(function (key) { return load("w", String(key), "w-" + key + ".js"); })).then(function (shards) {
      var hits = {};
      shards.forEach(function (shard) {
        Object.keys(shard).forEach(function (word) {
          if (!matches(word)) { return; }
          var postings = shard[word];
          for (var i = 0; i < postings.length; i += 2) {
            var documentNumber = postings[i];
            postings[i + 1].forEach(function (hit) {
              var passage = typeof hit === "number" ? hit : hit[0];
              var id = documentNumber + ":" + passage;
              var entry = hits[id] || (hits[id] = { document: documentNumber, passage: passage, names: {} });
              if (typeof hit !== "number") {
                for (var j = 1; j < hit.length; j += 2) { entry.names[hit[j]] = meta.kinds[hit[j + 1]]; }
              }
            });
          }
        });
      });
      return hits;
    });
  }

  // Passages that hold every word of the query; with a kind, a marked name of that kind that every word names.
  function search(query, slug, kind) {
    var terms = Array.from(new Set(wordsOf(query).map(function (w) { return w.word; })));
    if (terms.length === 0) { return Promise.resolve({ terms: terms, results: [] }); }
    var documentNumber = slug ? meta.documents.findIndex(function (d) { return d[0] === slug; }) : -1;
    return Promise.all(terms.map(function (term, i) { return hitsOf(term, i === terms.length - 1); }))
      .then(function (perTerm) {
        var results = [];
        Object.keys(perTerm[0]).forEach(function (id) {
          var first = perTerm[0][id];
          if (documentNumber >= 0 && first.document !== documentNumber) { return; }
          if (!perTerm.every(function (hits) { return Object.prototype.hasOwnProperty.call(hits, id); })) { return; }
          var names = Object.keys(first.names).filter(function (occurrence) {
            return (!kind || first.names[occurrence] === kind) && perTerm.every(function (hits) {
              return Object.prototype.hasOwnProperty.call(hits[id].names, occurrence);
            });
          });
          if (kind && names.length === 0) { return; }
          names.sort(function (a, b) { return a - b; });
          results.push({ document: first.document, passage: first.passage,
                         occurrence: names.length ? Number(names[0]) : null,
                         kind: names.length ? first.names[names[0]] : "" });
        });
        results.sort(function (a, b) { return a.document - b.document || a.passage - b.passage; });
        return { terms: terms, results: results };
      });
  }

  function passageOf(result) {
    var entry = meta.documents[result.document];
    var starts = entry[3];
    var chunk = 0;
    while (chunk + 1 < starts.length && starts[chunk + 1] <= result.passage) { chunk++; }
    var key = entry[0] + "-" + chunk;
    return load("t", key, "t-" + key + ".js").then(function (passages) {
      return passages[result.passage - starts[chunk]];
    });
  }

  // The passage's text around the first word found, the words of the query marked.
  function snippet(text, terms) {
    var matchers = terms.map(function (term, i) { return matcher(term, i === terms.length - 1); });
    var marks = wordsOf(text).filter(function (w) { return matchers.some(function (m) { return m(w.word); }); });
    var from = 0;
    var to = text.length;
    if (marks.length && text.length > 2 * CONTEXT + 40) {
      from = Math.max(0, marks[0].start - CONTEXT);
      to = Math.min(text.length, marks[0].end + 2 * CONTEXT);
      if (from > 0) { from = text.indexOf(" ", from) + 1 || from; }
      if (to < text.length) { to = Math.max(text.lastIndexOf(" ", to), marks[0].end); }
    } else if (text.length > 3 * CONTEXT) {
      to = text.lastIndexOf(" ", 3 * CONTEXT);
    }
    var fragment = document.createDocumentFragment();
    if (from > 0) { fragment.appendChild(document.createTextNode("… ")); }
    var at = from;
    marks.forEach(function (w) {
      if (w.start < at || w.end > to) { return; }
      fragment.appendChild(document.createTextNode(text.slice(at, w.start)));
      var mark = document.createElement("mark");
      mark.textContent = text.slice(w.start, w.end);
      fragment.appendChild(mark);
      at = w.end;
    });
    fragment.appendChild(document.createTextNode(text.slice(at, to)));
    if (to < text.length) { fragment.appendChild(document.createTextNode(" …")); }
    return fragment;
  }

  function resultItem(result, passage, terms) {
    var documentEntry = meta.documents[result.document];
    var target = result.occurrence !== null ? "occ-" + result.occurrence : passage[0];
    var item = document.createElement("li");
    item.className = "search-result";
    var link = document.createElement("a");
    link.className = "search-link";
    link.href = documentEntry[0] + ".html#" + encodeURIComponent(target);
    link.textContent = documentEntry[1];
    if (documentEntry[2]) { link.lang = documentEntry[2]; }
    item.appendChild(link);
    if (result.kind) {
      var kind = document.createElement("span");
      kind.className = "search-kind ent ent-" + result.kind;
      kind.textContent = result.kind;
      item.appendChild(document.createTextNode(" "));
      item.appendChild(kind);
    }
    var text = document.createElement("p");
    text.className = "search-snippet";
    if (documentEntry[2]) { text.lang = documentEntry[2]; }
    text.appendChild(snippet(passage[1], terms));
    item.appendChild(text);
    return item;
  }

  function showMore() {
    var mine = generation;
    var next = current.results.slice(shown.length, shown.length + PAGE);
    shown = shown.concat(next);
    return Promise.all(next.map(passageOf)).then(function (passages) {
      if (mine !== generation) { return; }
      next.forEach(function (result, i) {
        if (passages[i]) { list.appendChild(resultItem(result, passages[i], current.terms)); }
      });
      more.hidden = shown.length >= current.results.length;
    });
  }

  function describe(results) {
    var documents = new Set(results.map(function (r) { return r.document; })).size;
    return results.length + (results.length === 1 ? " result" : " results") + " in " + documents
      + (documents === 1 ? " document" : " documents");
  }

  function run() {
    if (!meta) { return Promise.resolve(); }
    var query = input.value.trim();
    var kindBox = form.querySelector("input[name=kind]:checked");
    var kind = kindBox ? kindBox.value : "";
    var mine = ++generation;
    list.textContent = "";
    more.hidden = true;
    shown = [];
    if (!query) { status.textContent = ""; return Promise.resolve(); }
    status.textContent = "Searching…";
    return search(query, documentSelect.value, kind).then(function (found) {
      if (mine !== generation) { return; }
      current = found;
      status.textContent = found.results.length ? describe(found.results)
        : "No results for “" + query + "”" + (kind || documentSelect.value ? " with these limits." : ".");
      return showMore();
    }).catch(function (error) {
      if (mine === generation) { status.textContent = "The search index could not be read (" + error.message + ")."; }
    });
  }

  function remember() {
    var parameters = new URLSearchParams(new FormData(form));
    try { history.replaceState(null, "", "?" + parameters.toString()); } catch (ignored) { /* some file:// pages */ }
  }

  var typing = null;
  form.addEventListener("submit", function (event) { event.preventDefault(); remember(); run(); });
  input.addEventListener("input", function () { clearTimeout(typing); typing = setTimeout(run, 250); });
  form.addEventListener("change", function (event) { if (event.target !== input) { remember(); run(); } });
  more.addEventListener("click", function () { showMore(); });

  var asked = new URLSearchParams(window.location.search);
  input.value = asked.get("q") || "";
  documentSelect.value = asked.get("document") || "";
  var askedKind = form.querySelector("input[name=kind][value='" + (asked.get("kind") || "").replace(/[^a-z]/g, "") + "']");
  if (askedKind) { askedKind.checked = true; }
  load("meta", "", "meta.js").then(function (data) {
    meta = data;
    wordPattern = new RegExp("[" + meta.cjk + "]|(?:(?![" + meta.cjk + "])[\\p{L}\\p{N}])+", "gu");
    form.classList.add("ready");
    return run();
  }).catch(function (error) { status.textContent = "The search index could not be read (" + error.message + ")."; });
})();
