"""Every MUST of the W3C Web Annotation Data Model that an exported collection can break
(https://www.w3.org/TR/annotation-model/, sections 3, 4.2.4, 4.2.5, 5), checked by hand."""

from __future__ import annotations

CONTEXT = "http://www.w3.org/ns/anno.jsonld"


def _one(value) -> bool:
    return value is not None and not isinstance(value, list)


def selector_problems(selector: dict) -> list[str]:
    kind = selector.get("type")
    problems = []
    if kind == "TextQuoteSelector":
        if not isinstance(selector.get("exact"), str):
            problems.append("TextQuoteSelector MUST have exactly 1 exact (a string)")
        for key in ("prefix", "suffix"):
            if key in selector and not isinstance(selector[key], str):
                problems.append(f"TextQuoteSelector MUST NOT have more than 1 {key} (a string)")
    elif kind == "TextPositionSelector":
        for key in ("start", "end"):
            value = selector.get(key)
            if not isinstance(value, int) or isinstance(value, bool) or value < 0:
                problems.append(f"TextPositionSelector MUST have exactly 1 {key}, a non-negative integer")
    for refined in _list(selector.get("refinedBy")):
        problems += selector_problems(refined)
    return problems


def annotation_problems(annotation: dict, in_collection: bool = False) -> list[str]:
    problems = []
    if not in_collection:
        context = annotation.get("@context")
        if not (context == CONTEXT or (isinstance(context, list) and CONTEXT in context)):
            problems.append(f"an Annotation MUST have the context {CONTEXT}")
    if not isinstance(annotation.get("id"), str) or not annotation["id"]:
        problems.append("an Annotation MUST have exactly 1 IRI that identifies it")
    types = _list(annotation.get("type"))
    if "Annotation" not in types:
        problems.append("an Annotation MUST have the type Annotation")
    targets = _list(annotation.get("target"))
    if not targets:
        problems.append("an Annotation MUST have 1 or more targets")
    for target in targets:
        if isinstance(target, dict):
            if not _one(target.get("source")) and "id" not in target:
                problems.append("a SpecificResource target MUST have exactly 1 source")
            for selector in _list(target.get("selector")):
                problems += selector_problems(selector)
        elif not isinstance(target, str):
            problems.append("a target MUST be an IRI or a resource")
    for body in _list(annotation.get("body")):
        if isinstance(body, dict):
            if body.get("type") == "TextualBody" and not isinstance(body.get("value"), str):
                problems.append("a TextualBody MUST have exactly 1 value")
            if body.get("type") == "SpecificResource" and not _one(body.get("source")):
                problems.append("a SpecificResource MUST have exactly 1 source")
    return problems


def collection_problems(collection: dict) -> list[str]:
    problems = []
    context = collection.get("@context")
    if not (context == CONTEXT or (isinstance(context, list) and context and context[0] == CONTEXT)):
        problems.append(f"a Collection MUST have the context {CONTEXT}")
    if "AnnotationCollection" not in _list(collection.get("type")):
        problems.append("a Collection MUST have the type AnnotationCollection")
    if not isinstance(collection.get("id"), str):
        problems.append("a Collection MUST have an IRI")
    page = collection.get("first")
    if isinstance(page, dict):
        if "AnnotationPage" not in _list(page.get("type")):
            problems.append("a Page MUST have the type AnnotationPage")
        if not isinstance(page.get("items"), list):
            problems.append("a Page MUST have items")
        for annotation in page.get("items", []):
            problems += annotation_problems(annotation, in_collection=True)
        if collection.get("total") is not None and collection["total"] != len(page.get("items", [])):
            problems.append("total MUST count the annotations")
    return problems


def _list(value) -> list:
    return value if isinstance(value, list) else [] if value is None else [value]
