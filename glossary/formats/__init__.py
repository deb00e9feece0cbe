"""Glossary files: CSV, XLSX, TBX, JSON and jieba user dictionaries, written and read."""
