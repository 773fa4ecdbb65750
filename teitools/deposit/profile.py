"""The BagIt profile teitools' bags follow (BagIt Profiles 1.3.0), shipped as
``teitools/deposit/bagit-profile.json``, and the check of a bag against it."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from pathlib import Path, PurePosixPath
from typing import Any

import bagit

PROFILE_RESOURCE = "bagit-profile.json"
PROFILE_TAG = "BagIt-Profile-Identifier"


@cache
def bagit_profile() -> dict[str, Any]:
    """The profile, as JSON data."""
    text = resources.files("teitools.deposit").joinpath(PROFILE_RESOURCE).read_text(encoding="utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


def profile_identifier() -> str:
    return str(bagit_profile()["BagIt-Profile-Info"][PROFILE_TAG])


def profile_problems(bag: bagit.Bag) -> list[tuple[str, str]]:
    """(tag file, problem) for every way ``bag`` departs from the profile: its identifier, the
    required and non-repeatable bag-info tags, the required and allowed manifests, fetch.txt."""
    profile = bagit_profile()
    found: list[tuple[str, str]] = []
    declared = bag.info.get(PROFILE_TAG)
    if declared != profile_identifier():
        found.append(("bag-info.txt", f"{PROFILE_TAG} is {declared!r}, not {profile_identifier()!r}"))
    for tag, rule in profile["Bag-Info"].items():
        if tag == PROFILE_TAG:  # said above
            continue
        value = bag.info.get(tag)
        if rule.get("required") and value is None:
            found.append(("bag-info.txt", f"the required tag {tag} is missing"))
        if rule.get("repeatable") is False and isinstance(value, list):
            found.append(("bag-info.txt", f"the tag {tag} is given {len(value)} times but may be given once"))
    tag_algorithms = [PurePosixPath(f).stem.removeprefix("tagmanifest-") for f in bag.tagmanifest_files()]
    for kind, prefix, present in (("Manifests", "manifest", list(bag.algorithms)),
                                  ("Tag-Manifests", "tagmanifest", tag_algorithms)):
        for algorithm in profile[f"{kind}-Required"]:
            if algorithm not in present:
                found.append((f"{prefix}-{algorithm}.txt", f"the {prefix} for {algorithm} that the profile "
                                                           "requires is missing"))
        for algorithm in present:
            if algorithm not in profile[f"{kind}-Allowed"]:
                found.append((f"{prefix}-{algorithm}.txt", f"the profile does not allow {algorithm} {prefix}s"))
    if not profile["Allow-Fetch.txt"] and (Path(bag.path) / "fetch.txt").exists():
        found.append(("fetch.txt", "fetch.txt is not allowed by the profile: every file must be in the bag"))
    return found
