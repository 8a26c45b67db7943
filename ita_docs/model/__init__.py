"""Typed input models: the public contract of every document kind."""

from ita_docs.model.blocks import (
    Block,
    Blocks,
    Cell,
    Column,
    Comment,
    CommentBlock,
    Heading,
    Image,
    ImageBlock,
    ListBlock,
    ListItem,
    ListSpec,
    PageBreak,
    Paragraph,
    SignatureBlock,
    Table,
    TableBlock,
)
from ita_docs.model.common import Agency, Digits, DocumentNumber, Person, StyleOptions, Text
from ita_docs.model.forms import (
    AnnouncementDocument,
    AnnouncementHeader,
    DocumentBase,
    MemoDocument,
    MemoHeader,
    OrderDocument,
    OrderHeader,
)

__all__ = [
    "Agency", "AnnouncementDocument", "AnnouncementHeader", "Block", "Blocks", "Cell", "Column",
    "Comment", "CommentBlock", "Digits", "DocumentBase", "DocumentNumber", "Heading", "Image",
    "ImageBlock", "ListBlock", "ListItem", "ListSpec", "MemoDocument", "MemoHeader", "OrderDocument",
    "OrderHeader", "PageBreak", "Paragraph", "Person", "SignatureBlock", "StyleOptions", "Table",
    "TableBlock", "Text",
]
