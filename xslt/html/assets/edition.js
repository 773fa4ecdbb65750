// teitools HTML edition: entity switches and register popovers. No network access: the
// register entries are embedded in the page (#register-entries), so file:// works.
(function () {
  "use strict";
  var body = document.body;
  body.classList.remove("no-js");
  body.classList.add("js");

  // Switches: unchecking a kind adds "hide-KIND" to <body>; the CSS removes the marking.
  var boxes = document.querySelectorAll(".switches input[data-kind]");
  Array.prototype.forEach.call(boxes, function (box) {
    box.addEventListener("change", function () {
      body.classList.toggle("hide-" + box.getAttribute("data-kind"), !box.checked);
    });
  });

  // Screen readers: a marked name tells its kind, as its underline style and colour show it: its link (or the
  // name itself) is described by a hidden label of the kind ("place").
  var kindLabels = document.createElement("div");
  kindLabels.hidden = true;
  ["person", "place", "organisation", "event", "date"].forEach(function (kind) {
    var label = document.createElement("span");
    label.id = "ent-kind-" + kind;
    label.textContent = kind;
    kindLabels.appendChild(label);
  });
  body.appendChild(kindLabels);
  Array.prototype.forEach.call(document.querySelectorAll(".reading-text .ent"), function (marked) {
    var kind = kindOf(marked);
    var described = marked.querySelector(":scope > a") || marked;
    if (kind) { described.setAttribute("aria-describedby", "ent-kind-" + kind); }
  });

  // Popover with the register entry of a marked name, on hover, focus or click.
  var popover = document.getElementById("popover");
  if (!popover) { return; }
  var hideTimer = null;

  function kindOf(element) {
    var match = /(?:^|\s)ent-(person|place|organisation|event|date)(?:\s|$)/.exec(element.className);
    return match ? match[1] : "";
  }

  function show(marked) {
    var kind = kindOf(marked);
    if (body.classList.contains("hide-" + kind)) { return; }
    var entryId = marked.getAttribute("data-entry");
    var entry = entryId ? document.getElementById(entryId) : null;
    popover.textContent = "";
    if (entry) {
      popover.appendChild(entry.cloneNode(true)).removeAttribute("id");
    } else if (marked.title) {
      var p = document.createElement("p");
      p.textContent = marked.title;
      popover.appendChild(p);
    } else {
      return;
    }
    popover.className = "popover ent-" + kind;
    popover.hidden = false;
    var box = marked.getBoundingClientRect();
    popover.style.left = Math.max(4, Math.min(window.scrollX + box.left,
      window.scrollX + document.documentElement.clientWidth - popover.offsetWidth - 4)) + "px";
    popover.style.top = (window.scrollY + box.bottom + 6) + "px";
  }

  function hideSoon() {
    clearTimeout(hideTimer);
    hideTimer = setTimeout(function () { popover.hidden = true; }, 250);
  }

  function markedFrom(target) {
    return target && target.closest ? target.closest(".reading-text .ent") : null;
  }

  document.addEventListener("mouseover", function (event) {
    var marked = markedFrom(event.target);
    if (marked) { clearTimeout(hideTimer); show(marked); }
    else if (popover.contains(event.target)) { clearTimeout(hideTimer); }
  });
  document.addEventListener("mouseout", function (event) {
    if (markedFrom(event.target) || popover.contains(event.target)) { hideSoon(); }
  });
  document.addEventListener("focusin", function (event) {
    var marked = markedFrom(event.target);
    if (marked) { clearTimeout(hideTimer); show(marked); }
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape") { popover.hidden = true; }
  });
})();
