"""HTML of the office-document dev set: letter-size pages (816 × 1056 CSS px) of eight kinds, text from texts.py.

docs(seed) → [{'id', 'kind', 'font', 'dpi', 'html'}]; the same seed gives the same pages. A page that would
overflow is trimmed in the browser (window.__fit, run by render.mjs before the ground truth is read), so no line is
cut at the bottom edge.
"""
import html
import random

import texts

FONTS = ['Liberation Serif', 'Liberation Sans', 'DejaVu Sans', 'DejaVu Serif', 'Carlito', 'Caladea', 'Noto Sans',
         'Noto Serif', 'Open Sans', 'Roboto']
DPIS = [150, 160, 170, 180, 190]
# kind → how many pages
PLAN = [('letter', 5), ('report2col', 4), ('invoice', 4), ('form', 3), ('resume', 2), ('table', 3),
        ('smallprint', 2), ('prose', 3)]

FIT = """<script>
window.__fit = () => {
  for (const box of document.querySelectorAll('.fit')) {
    for (let guard = 0; box.scrollHeight > box.clientHeight + 1 && guard < 600; guard++) {
      const last = [...box.querySelectorAll('p, li, tr, h2, h3, h4, .item')].pop();
      if (!last) break;
      const words = last.textContent.split(/\\s+/).filter(Boolean);
      if (last.tagName === 'P' && words.length > 14) last.textContent = words.slice(0, Math.floor(words.length * 0.85)).join(' ') + '.';
      else last.remove();
    }
    let tail;
    while ((tail = box.lastElementChild) && /^H[1-6]$/.test(tail.tagName)) tail.remove();
  }
};
</script>"""

BASE_CSS = """
html, body { margin: 0; padding: 0; width: 816px; height: 1056px; overflow: hidden; background: #fff; color: #161616; }
body { font-family: '%(font)s', sans-serif; font-size: %(size)s; line-height: 1.35; }
.page { box-sizing: border-box; width: 816px; height: 1056px; padding: %(margin)s; display: flex; flex-direction: column; overflow: hidden; }
.fit { overflow: hidden; min-height: 0; }
p { margin: 0 0 0.6em 0; }
h1, h2, h3, h4 { margin: 0 0 0.35em 0; line-height: 1.2; }
table { border-collapse: collapse; }
.r { text-align: right; }
.muted { color: #555; }
"""


def esc(s):
    return html.escape(s, quote=False)


def page(font, size, margin, body, css=''):
    style = BASE_CSS % {'font': font, 'size': size, 'margin': margin} + css
    return (f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>page</title><style>{style}</style>'
            f'</head><body>{body}{FIT}</body></html>')


def person(rng):
    return f'{rng.choice(texts.FIRST)} {rng.choice(texts.LAST)}'


def date(rng, weekday=True):
    d = f'{rng.randint(1, 28)} {rng.choice(texts.MONTHS)} {rng.choice([2022, 2023, 2024])}'
    return f'{rng.choice(texts.WEEKDAYS)}, {d}' if weekday else d


def money(v, rng, style):
    if style == 0:
        return f'{v:,} EUR'
    if style == 1:
        return f'{v:,.2f} EUR'
    return f'${v:,.2f}'


class Src:
    """The source texts, loaded once, consumed in seeded order."""

    def __init__(self, rng):
        self.rng = rng
        self.const = texts.paragraphs('constitution')
        self.decl = texts.paragraphs('declaration')
        self.fort = texts.fortunes()
        self.gpl = texts.license_paragraphs('gpl3')
        self.apache = texts.license_paragraphs('apache2')
        self.countries = texts.table_rows('countries')
        self.currency = texts.table_rows('currency')

    def run(self, seq, n):
        start = self.rng.randrange(0, max(1, len(seq) - n))
        return seq[start:start + n]

    def business(self, n):
        return self.rng.sample(texts.BUSINESS, n)


def letter(rng, src, font):
    company = rng.choice(texts.COMPANIES)
    to = person(rng)
    paras = []
    for _ in range(rng.randint(3, 4)):
        paras.append(' '.join(src.business(rng.randint(2, 3))))
    quote, who = rng.choice(src.fort)
    paras.insert(rng.randint(1, 2), f'As someone once put it: "{quote}"' + (f' ({who})' if who else ''))
    body = f"""<div class="page fit">
<div class="head"><div class="co">{esc(company)}</div><div class="muted small">{esc(rng.choice(texts.STREETS))} &middot; {esc(rng.choice(texts.CITIES))} &middot; Tel. +1 555 {rng.randint(100, 999)} {rng.randint(1000, 9999)}</div></div>
<p class="date">{esc(date(rng))}</p>
<div class="addr"><div>{esc(to)}</div><div>{esc(rng.choice(texts.COMPANIES))}</div><div>{esc(rng.choice(texts.STREETS))}</div><div>{esc(rng.choice(texts.CITIES))}</div></div>
<p class="re"><b>Re: {esc(rng.choice(['Notice of change to delivery days', 'Your account statement', 'Family Day arrangements', 'Renewal of the service agreement', 'Migration of legacy records']))}</b></p>
<p>Dear {esc(to.split()[0])},</p>
{''.join(f'<p>{esc(p)}</p>' for p in paras)}
<p>Yours sincerely,</p><p class="sig">{esc(person(rng))}<br>{esc(rng.choice(['Office Manager', 'Accounts Department', 'Head of Operations', 'Customer Relations']))}</p>
<p class="muted">Enclosure: statement of account</p>
</div>"""
    css = """.head { border-bottom: 2px solid #234; padding-bottom: 8px; margin-bottom: 28px; }
.co { font-size: 22pt; font-weight: bold; color: #234; } .small { font-size: 9pt; }
.date { text-align: right; margin-bottom: 24px; } .addr { margin-bottom: 24px; } .sig { margin-top: 36px; }
p { text-align: %s; }""" % rng.choice(['left', 'justify'])
    return page(font, rng.choice(['11pt', '11.5pt', '12pt']), rng.choice(['0.9in', '1in']), body, css)


def report2col(rng, src, font):
    title = rng.choice(['Quarterly Report on Operations', 'Annual Review of Member Services', 'Report of the Audit Committee',
                        'Survey of Regional Offices'])
    abstract = ' '.join(src.business(3))
    col1 = src.run(src.const, 12)
    col2 = src.run(src.decl if rng.random() < 0.5 else src.const, 12)
    heads = ['Background', 'Findings', 'Legacy Systems', 'Recommendations', 'Costs', 'Outlook', 'Family Services']
    rng.shuffle(heads)

    def column(paras, hs, n):
        out = []
        for i, p in enumerate(paras):
            if i % 3 == 0 and hs:
                out.append(f'<h3>{i // 3 + 1 + n}. {esc(hs.pop())}</h3>')
            out.append(f'<p>{esc(p)}</p>')
        return ''.join(out)
    body = f"""<div class="page">
<h1>{esc(title)}</h1>
<div class="muted byline">Prepared by {esc(person(rng))} &middot; {esc(date(rng, weekday=False))}</div>
<p class="abstract"><b>Summary.</b> {esc(abstract)}</p>
<div class="cols"><div class="col fit" data-col="1">{column(col1, heads[:3], 0)}</div><div class="col fit" data-col="2">{column(col2, heads[3:], 3)}</div></div>
</div>"""
    css = """h1 { font-size: 18pt; } .byline { margin-bottom: 10px; font-size: 9pt; }
.abstract { border-top: 1px solid #999; border-bottom: 1px solid #999; padding: 6px 0; margin-bottom: 14px; }
.cols { flex: 1; min-height: 0; display: flex; gap: %dpx; } .col { flex: 1; } h3 { font-size: 11pt; margin-top: 6px; }
.col p { text-align: %s; }""" % (rng.choice([24, 30, 36]), rng.choice(['left', 'justify']))
    return page(font, rng.choice(['9.5pt', '10pt', '10.5pt']), '0.75in', body, css)


def invoice(rng, src, font):
    style = rng.randrange(3)
    items = rng.sample(texts.ITEMS, rng.randint(7, 11))
    rows, subtotal = [], 0
    for name, price in items:
        qty = rng.choice([1, 1, 2, 3, 4, 5, 10, 12, 20])
        amount = qty * price
        subtotal += amount
        rows.append(f'<tr><td class="r">{qty}</td><td>{esc(name)}</td><td class="r">{money(price, rng, style)}</td>'
                    f'<td class="r">{money(amount, rng, style)}</td></tr>')
    vat = round(subtotal * 0.2, 2) if style else subtotal // 5
    total = subtotal + vat
    company = rng.choice(texts.COMPANIES)
    body = f"""<div class="page">
<div class="top"><div><div class="co">{esc(company)}</div><div>{esc(rng.choice(texts.STREETS))}</div><div>{esc(rng.choice(texts.CITIES))}</div><div>VAT No. GB {rng.randint(100, 999)} {rng.randint(1000, 9999)} {rng.randint(10, 99)}</div></div>
<div class="inv"><div class="big">INVOICE</div><table class="meta"><tr><td>Invoice No.</td><td class="r">INV-{rng.randint(10000, 99999)}</td></tr>
<tr><td>Date</td><td class="r">{rng.randint(1, 28):02d}/{rng.randint(1, 12):02d}/2024</td></tr><tr><td>Due date</td><td class="r">{esc(date(rng, weekday=False))}</td></tr>
<tr><td>Customer ID</td><td class="r">C-{rng.randint(1000, 9999)}</td></tr></table></div></div>
<div class="parties"><div><div class="lbl">Bill to</div><div>{esc(person(rng))}</div><div>{esc(rng.choice(texts.COMPANIES))}</div><div>{esc(rng.choice(texts.STREETS))}</div><div>{esc(rng.choice(texts.CITIES))}</div></div>
<div><div class="lbl">Ship to</div><div>{esc(person(rng))}</div><div>{esc(rng.choice(texts.STREETS))}</div><div>{esc(rng.choice(texts.CITIES))}</div></div></div>
<table class="items"><thead><tr><th class="r">Qty</th><th>Description</th><th class="r">Unit price</th><th class="r">Amount</th></tr></thead>
<tbody>{''.join(rows)}</tbody></table>
<table class="totals"><tr><td>Subtotal</td><td class="r">{money(subtotal, rng, style)}</td></tr><tr><td>VAT 20%</td><td class="r">{money(vat, rng, style)}</td></tr>
<tr class="grand"><td>Total due</td><td class="r">{money(total, rng, style)}</td></tr></table>
<div class="notes fit"><p><b>Notes.</b> {esc(' '.join(src.business(2)))}</p><p>Bank: {esc(rng.choice(['First Harbour Bank', 'Union Savings', 'Meridian Credit']))} &middot; IBAN GB{rng.randint(10, 99)} HRBK {rng.randint(1000, 9999)} {rng.randint(1000, 9999)} {rng.randint(1000, 9999)} &middot; Reference INV-{rng.randint(10000, 99999)}</p></div>
</div>"""
    css = """.top { display: flex; justify-content: space-between; margin-bottom: 26px; } .co { font-size: 16pt; font-weight: bold; }
.big { font-size: 26pt; font-weight: bold; letter-spacing: 2px; text-align: right; color: #333; } .meta td { padding: 1px 0 1px 18px; }
.parties { display: flex; gap: 80px; margin-bottom: 22px; } .lbl { font-size: 8pt; text-transform: uppercase; color: #666; letter-spacing: 0.05em; }
.items { width: 100%%; margin-bottom: 12px; } .items th { border-bottom: 2px solid #333; text-align: left; padding: 5px 8px; }
.items th.r { text-align: right; } .items td { padding: 5px 8px; border-bottom: 1px solid %s; }
.totals { margin-left: auto; min-width: 280px; margin-bottom: 18px; } .totals td { padding: 3px 8px; } .grand td { font-weight: bold; border-top: 2px solid #333; }
.notes { font-size: 9pt; flex: 1; }""" % rng.choice(['#ccc', '#e3e3e3'])
    return page(font, rng.choice(['10pt', '10.5pt', '11pt']), '0.7in', body, css)


FORM_LABELS = ['FAMILY NAME', 'GIVEN NAMES', 'DATE OF BIRTH', 'PLACE OF BIRTH', 'NATIONALITY', 'OCCUPATION',
               'EMPLOYER', 'TELEPHONE (DAYTIME)', 'E-MAIL ADDRESS', 'POSTAL CODE', 'STREET ADDRESS', 'CITY',
               'ACCOUNT NUMBER', 'MEMBERSHIP TYPE', 'REFERRED BY', 'PREFERRED CONTACT DAY']
QUESTIONS = ['HAVE YOU APPLIED BEFORE?', 'IF SO, MAY WE INQUIRE WHEN?', 'DO YOU HOLD A CURRENT LICENCE?',
             'ARE YOU A MEMBER OF ANOTHER CLUB?', 'MAY WE CONTACT YOUR EMPLOYER?', 'DO YOU REQUIRE FREE PARKING?',
             'WILL FAMILY MEMBERS ATTEND?', 'HAVE YOU READ THE TERMS OF SERVICE?']


def form(rng, src, font):
    labels = rng.sample(FORM_LABELS, 12)
    values = {'FAMILY NAME': rng.choice(texts.LAST), 'GIVEN NAMES': rng.choice(texts.FIRST), 'DATE OF BIRTH': f'{rng.randint(1, 28):02d}/{rng.randint(1, 12):02d}/19{rng.randint(50, 99)}',
              'OCCUPATION': rng.choice(['Accountant', 'Nurse', 'Engineer', 'Teacher', 'Butcher']), 'CITY': rng.choice(texts.CITIES).split(',')[0],
              'TELEPHONE (DAYTIME)': f'+1 555 {rng.randint(100, 999)} {rng.randint(1000, 9999)}', 'PREFERRED CONTACT DAY': 'Thursday',
              'EMPLOYER': rng.choice(texts.COMPANIES), 'STREET ADDRESS': rng.choice(texts.STREETS), 'MEMBERSHIP TYPE': 'Family'}
    cells = []
    for lab in labels:
        v = values.get(lab) if rng.random() < 0.75 else None
        span = 2 if lab in ('STREET ADDRESS', 'EMPLOYER', 'E-MAIL ADDRESS') else 1
        label_html = f'<div class="lbl">{esc(lab.lower()) if rng.random() < 0.3 else esc(lab)}</div>'
        cells.append(f'<div class="cell" style="grid-column: span {span}">{label_html}<div class="val">{esc(v) if v else "&nbsp;"}</div></div>')
    qs = []
    for q in rng.sample(QUESTIONS, 5):
        yes = rng.random() < 0.5
        qs.append(f'<div class="q item"><span class="lbl">{esc(q)}</span><span class="box">{"X" if yes else ""}</span><span class="lbl">YES</span>'
                  f'<span class="box">{"" if yes else "X"}</span><span class="lbl">NO</span></div>')
    body = f"""<div class="page">
<div class="title"><div class="t">{esc(rng.choice(['Application for Membership', 'Change of Address Form', 'New Client Registration']))}</div><div class="lbl">FORM {rng.choice('ABCDE')}-{rng.randint(10, 99)} &middot; PLEASE USE BLOCK CAPITALS</div></div>
<div class="sec">SECTION 1 &ndash; PERSONAL DETAILS</div>
<div class="grid">{''.join(cells)}</div>
<div class="sec">SECTION 2 &ndash; QUESTIONS</div>
{''.join(qs)}
<div class="sec">SECTION 3 &ndash; DECLARATION</div>
<div class="fit decl"><p>{esc(' '.join(src.business(2)))}</p><p>{esc(rng.choice(src.gpl))}</p></div>
<div class="grid sign"><div class="cell"><div class="lbl">SIGNATURE</div><div class="val">&nbsp;</div></div><div class="cell"><div class="lbl">DATE</div><div class="val">&nbsp;</div></div><div class="cell office"><div class="lbl">FOR OFFICE USE ONLY</div><div class="val">&nbsp;</div></div></div>
</div>"""
    css = """.title { display: flex; justify-content: space-between; align-items: baseline; border-bottom: 3px solid #000; margin-bottom: 10px; }
.t { font-size: 17pt; font-weight: bold; } .lbl { font-size: %s; text-transform: uppercase; letter-spacing: 0.03em; color: #333; }
.sec { background: #222; color: #fff; font-size: 8.5pt; font-weight: bold; padding: 3px 6px; margin: 12px 0 6px; }
.grid { display: grid; grid-template-columns: repeat(3, 1fr); border-left: 1px solid #000; border-top: 1px solid #000; }
.cell { border-right: 1px solid #000; border-bottom: 1px solid #000; padding: 3px 5px; min-height: 38px; } .val { font-size: 11pt; margin-top: 3px; }
.q { display: flex; align-items: center; gap: 8px; padding: 4px 0; border-bottom: 1px dotted #888; } .q .lbl:first-child { flex: 1; }
.box { display: inline-block; width: 13px; height: 13px; border: 1px solid #000; font-size: 10px; line-height: 13px; text-align: center; }
.decl { flex: 1; font-size: 8.5pt; } .sign { margin-top: 8px; }""" % rng.choice(['7pt', '7.5pt', '8pt'])
    return page(font, '10pt', '0.6in', body, css)


def resume(rng, src, font):
    name = person(rng)
    jobs = []
    for _ in range(3):
        y = rng.randint(2008, 2020)
        bullets = ''.join(f'<li>{esc(s)}</li>' for s in src.business(2))
        jobs.append(f'<div class="job item"><div class="row"><b>{esc(rng.choice(["Operations Manager", "Senior Accountant", "Software Engineer", "Project Coordinator", "Data Analyst"]))}, {esc(rng.choice(texts.COMPANIES))}</b>'
                    f'<span>{y} &ndash; {y + rng.randint(1, 4)}</span></div><ul>{bullets}</ul></div>')
    body = f"""<div class="page">
<div class="name">{esc(name)}</div>
<div class="contact">{esc(name.split()[0].lower())}.{esc(name.split()[1].lower())}@example.org &middot; +44 20 7946 {rng.randint(1000, 9999)} &middot; github.com/{esc(name.split()[1].lower())} &middot; {esc(rng.choice(texts.CITIES))}</div>
<h2>Profile</h2><p>{esc(rng.choice(src.fort)[0])} {esc(' '.join(src.business(1)))}</p>
<h2>Experience</h2>{''.join(jobs)}
<h2>Education</h2><div class="row"><span><b>B.Sc. Business Administration</b>, University of {esc(rng.choice(['Leeds', 'Galway', 'Madison', 'Bristol']))}</span><span>{rng.randint(2000, 2007)}</span></div>
<h2>Skills</h2><p>Bookkeeping, payroll, GitHub, SQL, legacy system migration, vendor negotiation, Terms of Service review, team leadership.</p>
<div class="fit rest"><h2>Languages</h2><p>English (native), French (fluent), German (basic).</p><h2>References</h2><p>{esc(' '.join(src.business(2)))}</p></div>
</div>"""
    css = """.name { font-size: 24pt; font-weight: bold; letter-spacing: 1px; } .contact { font-size: 9.5pt; color: #444; margin-bottom: 14px; }
h2 { font-size: 11.5pt; text-transform: uppercase; border-bottom: 1px solid #777; margin-top: 12px; color: %s; }
.row { display: flex; justify-content: space-between; } ul { margin: 3px 0 8px 0; padding-left: 20px; } .rest { flex: 1; }""" % rng.choice(['#1d3b5a', '#222', '#5a2d1d'])
    return page(font, rng.choice(['10pt', '10.5pt']), '0.75in', body, css)


def table(rng, src, font, n):
    if n % 3 == 0:
        rows = src.run(src.countries, 60)
        head = ['No.', 'Code', 'ISO 3', 'Country', 'Capital']
        data = [[r[0], r[1], r[2], r[3], r[4] if len(r) > 4 else ''] for r in rows if len(r) >= 4]
        align = ['r', '', '', '', '']
        title = 'Country codes used in the customer register'
    elif n % 3 == 1:
        rows = src.run(src.currency, 60)
        head = ['Code', 'Number', 'Currency', 'Rate', 'Fee']
        data = [[r[0], r[1], r[2], f'{rng.uniform(0.1, 150):.4f}', f'{rng.choice([0, 2, 5, 20])} EUR'] for r in rows if len(r) >= 3]
        align = ['', 'r', '', 'r', 'r']
        title = 'Currency settlement table'
    else:
        head = ['Employee', 'Department'] + texts.WEEKDAYS + ['Total']
        data = []
        for _ in range(45):
            hours = [rng.choice([0, 4, 6, 7.5, 8, 8, 8, 9]) for _ in texts.WEEKDAYS]
            data.append([person(rng), rng.choice(['Accounts', 'Legal', 'Support', 'Family Services', 'Warehouse', 'IT'])]
                        + [f'{h:g}' for h in hours] + [f'{sum(hours):g}'])
        align = ['', ''] + ['r'] * 6
        title = 'Weekly timesheet summary'
    trs = ''.join('<tr>' + ''.join(f'<td class="{a}">{esc(c)}</td>' for c, a in zip(r, align)) + '</tr>' for r in data)
    ths = ''.join(f'<th class="{a}">{esc(h)}</th>' for h, a in zip(head, align))
    body = f"""<div class="page"><h1>{esc(title)}</h1><p class="muted">{esc(' '.join(src.business(1)))}</p>
<div class="fit tb"><table><thead><tr>{ths}</tr></thead><tbody>{trs}</tbody></table></div></div>"""
    css = """h1 { font-size: 15pt; } .tb { flex: 1; } table { width: 100%%; } th { text-align: left; background: %s; border-bottom: 1px solid #444; padding: 3px 6px; }
th.r { text-align: right; } td { padding: 2px 6px; border-bottom: 1px solid #ddd; } tr:nth-child(even) td { background: %s; }""" % (
        rng.choice(['#e8e8e8', '#dde6f0']), rng.choice(['#f6f6f6', '#fff']))
    return page(font, rng.choice(['9pt', '9.5pt', '10pt']), '0.6in', body, css)


def smallprint(rng, src, font, n):
    paras = src.business(4) + src.run(src.apache if n % 2 else src.gpl, 14)
    blocks = ''.join(f'<p><b>{i + 1}.</b> {esc(p)}</p>' for i, p in enumerate(paras))
    if n % 2:
        inner = f'<div class="cols"><div class="col fit" data-col="1">{blocks}</div><div class="col fit" data-col="2">{"".join(f"<p>{esc(p)}</p>" for p in src.run(src.gpl, 14))}</div></div>'
    else:
        inner = f'<div class="fit body">{blocks}</div>'
    body = f'<div class="page"><h1>Terms of Service</h1><div class="muted sub">Last updated {esc(date(rng, weekday=False))}. Please read these terms carefully.</div>{inner}</div>'
    css = """h1 { font-size: 13pt; } .sub { font-size: 8pt; margin-bottom: 8px; } .body, .cols { flex: 1; min-height: 0; }
.cols { display: flex; gap: 22px; } .col { flex: 1; } p { text-align: justify; margin-bottom: 0.45em; }"""
    return page(font, rng.choice(['7pt', '7.5pt', '8pt']), '0.55in', body, css)


def prose(rng, src, font, n):
    paras = src.run(src.const if n % 2 == 0 else src.decl + src.const, 16)
    out = []
    for i, p in enumerate(paras):
        if i and i % 4 == 0:
            out.append(f'<h3>{esc(rng.choice(["Section", "Part", "Chapter"]))} {i // 4 + 1}</h3>')
        out.append(f'<p>{esc(p)}</p>')
        if i == 2:
            out.append(f'<p>{esc(" ".join(src.business(3)))}</p>')
    body = f'<div class="page fit"><h1>{esc(rng.choice(["Articles of Agreement", "Founding Charter", "Minutes of the General Meeting"]))}</h1>{"".join(out)}</div>'
    css = 'h1 { font-size: 15pt; text-align: center; margin-bottom: 12px; } h3 { font-size: 11pt; margin-top: 8px; } p { text-align: justify; text-indent: %s; }' % rng.choice(['0', '1.5em'])
    return page(font, rng.choice(['10pt', '10.5pt', '11pt']), rng.choice(['0.6in', '0.7in']), body, css)


def docs(seed=20240611):
    rng = random.Random(seed)
    src = Src(rng)
    out = []
    i = 0
    for kind, count in PLAN:
        for n in range(count):
            font = FONTS[(i * 3 + n) % len(FONTS)]
            dpi = DPIS[(i * 2 + n) % len(DPIS)]
            fn = globals()[kind]
            body = fn(rng, src, font, n) if kind in ('table', 'smallprint', 'prose') else fn(rng, src, font)
            out.append({'id': f'doc{i + 1:02d}-{kind}', 'kind': kind, 'font': font, 'dpi': dpi, 'html': body,
                        'columns': 2 if (kind == 'report2col' or (kind == 'smallprint' and n % 2)) else 1})
            i += 1
    return out
