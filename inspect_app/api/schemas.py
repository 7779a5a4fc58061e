"""Schemas shared by every API resource."""

from apiflask import Schema
from apiflask.fields import Integer, String


class RegionOut(Schema):
    id = Integer()
    code = String()
    name = String()
    parent_id = Integer(allow_none=True)


def page_of(item_schema: type[Schema]) -> type[Schema]:
    """A page of a cursor-paginated list of `item_schema`."""
    from apiflask.fields import List, Nested

    return type(
        f"{item_schema.__name__.removesuffix('Out')}Page",
        (Schema,),
        {
            "items": List(Nested(item_schema)),
            "next_cursor": String(
                allow_none=True, metadata={"description": "null on the last page"}
            ),
        },
    )
