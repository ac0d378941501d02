"""The text a reader sees of units that are not prose: a contact block's lines, a table cell's contents."""

from __future__ import annotations

from ...source.model import Contact, Item, TableCell


def contact_text(contact: Contact | None, ref: str) -> str:
    """The lines a contact block shows, so that a changed address or e-mail shows as changed words."""
    if contact is None:
        return ref
    lines = [contact.name]
    if contact.attention:
        lines.append(f"Attn: {contact.attention}")
    lines += contact.address
    if contact.country:
        lines.append(contact.country)
    if contact.phone:
        lines.append(f"Phone: {contact.phone}")
    if contact.email:
        lines.append(f"Email: {contact.email}")
    return "\n".join(lines)


def cell_text(cell: TableCell) -> str:
    """A cell's paragraphs and list items, one per line, as the reader sees them."""
    if isinstance(cell, str):
        return cell

    def lines(items: list[Item]) -> list[str]:
        found: list[str] = []
        for item in items:
            found.append(" ".join(part for part in (item.title, item.text) if part))
            found += lines(item.items)
            if item.after:
                found.append(item.after)
        return found

    return "\n".join([*([cell.text] if cell.text else []), *lines(cell.items)])
