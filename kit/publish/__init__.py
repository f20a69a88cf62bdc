"""Publishing: executed notebooks -> sanitised, self-contained HTML briefings."""
