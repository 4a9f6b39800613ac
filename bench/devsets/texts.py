"""Source texts of the document dev set: public-domain and freely redistributable texts that Debian packages install,
plus business vocabulary written for this set. See README.md for which package each comes from.

Every selection is made with a random.Random seeded by the caller, so a build is the same on every machine that has
the same package versions.
"""
import gzip
import re
from pathlib import Path

SOURCES = {
    'constitution': ('/usr/share/state/us-constitution.gz', 'miscfiles', 'public domain (U.S. federal government work)'),
    'declaration': ('/usr/share/state/us-declaration.gz', 'miscfiles', 'public domain (U.S. federal government work)'),
    'countries': ('/usr/share/misc/countries.gz', 'miscfiles', 'GPL-2+ (data file)'),
    'currency': ('/usr/share/misc/currency.gz', 'miscfiles', 'GPL-2+ (data file)'),
    'gpl3': ('/usr/share/common-licenses/GPL-3', 'base-files', 'verbatim copying permitted'),
    'apache2': ('/usr/share/common-licenses/Apache-2.0', 'base-files', 'verbatim copying permitted'),
    'fortunes': ('/usr/share/games/fortunes/{literature,wisdom,people,work}', 'fortunes, fortunes-min',
                 'fortune-mod data, BSD-style licence'),
}
DEBIAN_PACKAGES = ('miscfiles', 'fortunes', 'fortunes-min', 'base-files')


def _read(path):
    p = Path(path)
    data = p.read_bytes()
    if p.suffix == '.gz':
        data = gzip.decompress(data)
    return data.decode('utf-8', 'replace')


def paragraphs(name):
    """Prose paragraphs of a source text: blank-line separated, re-flowed, headings and short lines dropped."""
    text = _read(SOURCES[name][0])
    out = []
    for block in re.split(r'\n\s*\n', text):
        para = ' '.join(block.split())
        if len(para) >= 120 and not para.isupper():
            out.append(para.replace('`', "'"))
    return out


def headings(name):
    text = _read(SOURCES[name][0])
    return [' '.join(b.split()) for b in re.split(r'\n\s*\n', text) if 0 < len(b.strip()) < 40]


def fortunes(min_len=90, max_len=420):
    """Prose fortunes (quotations) from a few fortune files: plain ASCII, no verse, no dialogue layout."""
    out = []
    for name in ('literature', 'wisdom', 'people', 'work'):
        for f in _read(f'/usr/share/games/fortunes/{name}').split('\n%\n'):
            body = f.strip('\n')
            if not body or '\t' in body or any(ord(c) > 126 for c in body):
                continue
            lines = body.split('\n')
            attribution = ''
            if re.match(r'^\s*--', lines[-1]):
                attribution = lines.pop().strip().lstrip('-').strip()
            if any(l.startswith('  ') for l in lines[1:]) or any(re.match(r'^\s*[A-Z][a-z]*:', l) for l in lines):
                continue
            text = ' '.join(' '.join(lines).split())
            if min_len <= len(text) <= max_len and not re.search(r'[<>_{}\\|^~#*]', text):
                out.append((text, attribution))
    return out


def license_paragraphs(name):
    text = _read(SOURCES[name][0])
    out = []
    for block in re.split(r'\n\s*\n', text):
        para = ' '.join(block.split())
        if len(para) >= 160 and not re.search(r'[<>]', para):
            out.append(para)
    return out


def table_rows(name):
    """miscfiles data: countries → [number, code2, code3, name, capital]; currency → [code, number, name]."""
    rows = []
    for line in _read(SOURCES[name][0]).splitlines():
        if not line.strip() or line.startswith('#'):
            continue
        rows.append([c.strip() for c in line.strip().split(':')])
    return rows


# ---------------------------------------------------------------- business vocabulary written for this set

FIRST = ['Margaret', 'Thomas', 'Evelyn', 'Samuel', 'Harriet', 'Jonas', 'Clara', 'Walter', 'Agnes', 'Oscar',
         'Lucia', 'Henrik', 'Beatrice', 'Arthur', 'Nadia', 'Felix', 'Ingrid', 'Victor', 'Rosa', 'Edmund']
LAST = ['Whitfield', 'Okafor', 'Lindqvist', 'Moreau', 'Castellano', 'Brennan', 'Havel', 'Ashworth', 'Delacroix',
        'Novak', 'Fairbanks', 'Thornton', 'Kowalski', 'Abernathy', 'Sørensen', 'Pemberton', 'Quinn', 'Vasquez']
COMPANIES = ['Northwind Logistics Ltd.', 'Harbour & Vale Solicitors', 'Greenfield Family Butchers',
             'Atlas Office Supply Co.', 'Bluestone Property Management', 'Meridian Software GmbH',
             'Cobalt Print Works', 'Riverside Medical Group', 'Orchard Lane Bakery', 'Sterling Freight Partners']
STREETS = ['14 Marlowe Street', '2210 Commerce Avenue, Suite 400', '7 Old Mill Lane', '88 Harbour Road',
           '1503 Westbrook Drive', '31 Kingsway, Floor 3', '460 Lakeshore Boulevard', '9 Chapel Yard']
CITIES = ['Springfield, IL 62704', 'Bristol BS1 4DJ', 'Portland, OR 97205', 'Leeds LS1 2AB',
          'Rotterdam 3011 AD', 'Madison, WI 53703', 'Galway H91 E2K3', 'Austin, TX 78701']
WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday']
MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October',
          'November', 'December']

# Sentences of ordinary business correspondence; they carry words the engine has been seen to split or fuse
# (notice, cannot, free, meat, There, Thursday, Family, Terms of Service, GitHub, legacy).
BUSINESS = [
    'There is no charge for the first consultation, and parking is free for visitors.',
    'Please take notice that the office will be closed on Thursday for the annual stock count.',
    'We cannot accept returns of fresh meat or dairy products once they have left the shop.',
    'The Family Day picnic has been moved to the first Thursday of next month.',
    'Our updated Terms of Service apply to every order placed after the first of the month.',
    'The source code of the integration is kept in a private GitHub repository.',
    'The legacy billing system will remain available in read-only mode until the end of the year.',
    'There are three outstanding invoices on your account; a statement is enclosed for your records.',
    'If you cannot attend the meeting, please let us know by Thursday so that we can rearrange it.',
    'Delivery is free for orders above 150 EUR within the city limits.',
    'Kindly notice that prices for meat and poultry will change with the new season.',
    'The Family Account gives up to five members access to the same subscription.',
    'We have migrated the legacy records and published the scripts on GitHub for review.',
    'Payment is due within thirty days of the invoice date unless otherwise agreed in writing.',
    'Thank you for your continued business; we look forward to working with you again.',
    'A copy of the signed agreement has been filed with the accounts department.',
    'Should you have any questions about this notice, our support team is available on weekdays.',
    'There will be a short maintenance window on Thursday night between 22:00 and 23:30.',
]

ITEMS = [
    ('Meat platter, assorted (serves 12)', 20), ('Office chairs, ergonomic', 189), ('Printer paper A4, box of 5', 24),
    ('Legacy system support, monthly', 450), ('GitHub Team seats, annual', 48), ('Consulting hours', 95),
    ('Free shipping voucher', 0), ('Toner cartridge, black', 62), ('Family ticket, museum', 35),
    ('Conference room booking (Thursday)', 120), ('Archive boxes, heavy duty', 3), ('Data migration service', 780),
    ('Catering: sandwiches and fruit', 14), ('Laptop stand, aluminium', 39), ('Translation of Terms of Service', 260),
    ('Security audit, web application', 1250), ('Coffee beans, 1 kg', 18), ('Desk lamp, LED', 27),
]
