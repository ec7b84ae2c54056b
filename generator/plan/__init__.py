"""Plan: decide what a paragraph says (one item's argument, its title, what it borrows) before any wording."""
