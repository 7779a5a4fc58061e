"""A Babel extractor for API modules: their gettext calls, and each route's docstring summary
(the operation summary of the OpenAPI description), so the API page can show it translated."""

import ast

from babel.messages.extract import extract_python

ROUTE_DECORATORS = frozenset({"get", "post", "put", "patch", "delete", "route"})


def summary_of(docstring: str | None) -> str:
    """The first line of a docstring, as apiflask takes it for the summary."""
    return (docstring or "").strip().splitlines()[0].strip() if docstring else ""


def operation_summaries(fileobj, keywords, comment_tags, options):
    """extract_python's messages, then the summary of every function with a route decorator."""
    yield from extract_python(fileobj, keywords, comment_tags, options)
    fileobj.seek(0)
    tree = ast.parse(fileobj.read().decode(options.get("encoding", "utf-8")))
    for node in ast.walk(tree):
        if not isinstance(node, ast.FunctionDef) or not any(map(_is_route, node.decorator_list)):
            continue
        if summary := summary_of(ast.get_docstring(node)):
            yield node.lineno, "gettext", summary, []


def _is_route(decorator: ast.expr) -> bool:
    call = decorator.func if isinstance(decorator, ast.Call) else decorator
    return isinstance(call, ast.Attribute) and call.attr in ROUTE_DECORATORS
