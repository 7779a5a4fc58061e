"""Region tree operations."""

from sqlalchemy import select

from inspect_app.extensions import db
from inspect_app.regions.models import Region


class RegionError(ValueError):
    """A region change that the tree cannot take."""


def subtree_ids(region_id: int) -> list[int]:
    """Ids of a region and every region under it (recursive CTE: one query on any backend)."""
    tree = select(Region.id).where(Region.id == region_id).cte("tree", recursive=True)
    tree = tree.union_all(select(Region.id).where(Region.parent_id == tree.c.id))
    return list(db.session.scalars(select(tree.c.id)))


def regions_by_code(ids: list[int]) -> list[Region]:
    """The regions with these ids, by code: the choices of a region picker."""
    return list(db.session.scalars(select(Region).where(Region.id.in_(ids)).order_by(Region.code)))


def subtree_parents(region_id: int) -> dict[int, int | None]:
    """Each region of the subtree with its parent's id, in one recursive query."""
    start = select(Region.id, Region.parent_id).where(Region.id == region_id)
    tree = start.cte("tree", recursive=True)
    tree = tree.union_all(select(Region.id, Region.parent_id).where(Region.parent_id == tree.c.id))
    return dict(db.session.execute(select(tree.c.id, tree.c.parent_id)).tuples().all())


def subtree(region_id: int) -> list[Region]:
    """A region and its descendants, ordered by code."""
    ids = subtree_ids(region_id)
    return list(db.session.scalars(select(Region).where(Region.id.in_(ids)).order_by(Region.code)))


def find_region(code: str) -> Region | None:
    """The region with this code, if any."""
    return db.session.scalar(select(Region).where(Region.code == code))


def create_region(code: str, name: str, parent: Region | None = None) -> Region:
    """Add a region under parent (or as a root)."""
    if find_region(code) is not None:
        raise RegionError(code)
    region = Region(code=code, name=name, parent=parent)
    db.session.add(region)
    db.session.flush()
    return region


def update_region(region: Region, name: str, parent: Region | None) -> Region:
    """Rename or move a region; a region cannot move under itself."""
    if parent is not None and parent.id in subtree_ids(region.id):
        raise RegionError(region.code)
    region.name = name
    region.parent = parent
    db.session.flush()
    return region


def list_regions() -> list[Region]:
    """Every region, ordered by code."""
    return list(db.session.scalars(select(Region).order_by(Region.code)))
