#!/usr/bin/env python3
"""Look for bytes that could drive a terminal or a spreadsheet.

    scan.py text FILE...   valid UTF-8; no C0 control but LF and TAB, no DEL,
                           no C1, no bidi, zero-width or line-separator
                           characters (which is also what a JSON file must
                           be: escapes like \\u001b are text)
    scan.py csv FILE...    the same, except a BOM at the start and CR right
                           before LF; and no cell starts with = + - @ unless
                           it is a plain number
    scan.py xlsx FILE...   every XML part as text, and no cell is a formula

Prints each finding; exits 1 if there is any.
"""
import csv
import io
import re
import sys
import zipfile

BAD = (set(range(0x00, 0x20)) - {0x09, 0x0A}) | {0x7F} \
    | set(range(0x80, 0xA0)) \
    | set(range(0x200B, 0x2010)) | set(range(0x202A, 0x202F)) \
    | set(range(0x2060, 0x2070)) | {0x061C, 0x2028, 0x2029, 0xFEFF}
NUMBER = re.compile(r'-?[0-9]+([.,][0-9]+)?$')


def bad_chars(name, text):
    found = {}
    for i, ch in enumerate(text):
        if ord(ch) in BAD and ord(ch) not in found:
            found[ord(ch)] = i
    return ['%s: U+%04X at %d' % (name, cp, i) for cp, i in found.items()]


def decode(name, data):
    try:
        return data.decode('utf-8'), []
    except UnicodeDecodeError as e:
        return None, ['%s: invalid UTF-8 (%s)' % (name, e)]


def scan_text(name, data):
    text, errs = decode(name, data)
    return errs if text is None else bad_chars(name, text)


def scan_csv(name, data):
    text, errs = decode(name, data)
    if text is None:
        return errs
    if text.startswith('\ufeff'):
        text = text[1:]
    errs = bad_chars(name, text.replace('\r\n', '\n'))
    sep = ';' if text.split('\n', 1)[0].count(';') else ','
    for r, row in enumerate(csv.reader(io.StringIO(text, newline=''),
                                       delimiter=sep), 1):
        for c, cell in enumerate(row, 1):
            if cell[:1] in ('=', '+', '-', '@') and not NUMBER.match(cell):
                errs.append('%s: row %d cell %d is a formula: %r'
                            % (name, r, c, cell[:40]))
    return errs


def scan_xlsx(name):
    errs = []
    with zipfile.ZipFile(name) as z:
        for part in z.namelist():
            data = z.read(part)
            if not part.endswith('.xml') and not part.endswith('.rels'):
                continue
            errs += scan_text(name + ':' + part, data)
            if part.startswith('xl/worksheets/') and \
                    re.search(rb'<f[ >/]', data):
                errs.append('%s:%s: has a formula cell' % (name, part))
    return errs


def main():
    mode, files = sys.argv[1], sys.argv[2:]
    errs = []
    for f in files:
        if mode == 'xlsx':
            errs += scan_xlsx(f)
            continue
        data = open(f, 'rb').read()
        errs += scan_csv(f, data) if mode == 'csv' else scan_text(f, data)
    for e in errs:
        print(e)
    sys.exit(1 if errs else 0)


main()
