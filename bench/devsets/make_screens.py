"""HTML of the screen dev set: admin screens (dashboards, tables, forms, settings) written for this set on the CSS of
UI kits from npm (Bootstrap, Tabler, Bulma, Pico, daisyUI) and one plain-CSS legacy screen; light and dark.

screens(node_modules) → [{'id', 'kit', 'themes', 'width', 'height', 'html': theme → str}]
The kits' CSS and the web fonts are referenced by file URL inside node_modules (package.json of this folder).
"""
import html
import random

W, H = 1280, 800
MENU = ['Dashboard', 'Orders', 'Customers', 'Products', 'Invoices', 'Reports', 'Integrations', 'Audit log', 'Settings']
STATUSES = ['Paid', 'Pending', 'Refunded', 'Overdue', 'Shipped']
PEOPLE = ['Margaret Whitfield', 'Thomas Okafor', 'Evelyn Lindqvist', 'Samuel Moreau', 'Harriet Castellano',
          'Jonas Brennan', 'Clara Havel', 'Walter Ashworth', 'Agnes Delacroix', 'Oscar Novak', 'Lucia Fairbanks',
          'Henrik Thornton']
PRODUCTS = ['Meat platter', 'Office chair', 'Toner cartridge', 'Legacy support', 'GitHub seats', 'Desk lamp',
            'Archive boxes', 'Coffee beans']


def esc(s):
    return html.escape(s, quote=True)


def rows(rng, n):
    out = []
    for i in range(n):
        out.append({'id': f'#{rng.randint(10000, 99999)}', 'who': rng.choice(PEOPLE), 'what': rng.choice(PRODUCTS),
                    'date': f'{rng.randint(1, 28):02d} {rng.choice(["Jan", "Feb", "Mar", "Apr", "May", "Jun"])} 2024',
                    'status': rng.choice(STATUSES), 'amount': f'{rng.randint(12, 4800):,}.{rng.randint(0, 99):02d} EUR'})
    return out


def doc(head, body, theme_attr, extra_css=''):
    return (f'<!doctype html><html lang="en" {theme_attr}><head><meta charset="utf-8"><title>screen</title>{head}'
            f'<style>html, body {{ margin: 0; }} *, *::before, *::after {{ transition: none !important; animation: none !important; }} {extra_css}</style></head><body>{body}</body></html>')


def link(nm, path):
    return f'<link rel="stylesheet" href="{(nm / path).as_uri()}">'


# ---------------------------------------------------------------- Bootstrap 5.3


def bs_shell(nm, theme, title, main, font=None, active='Dashboard'):
    nav = ''.join(f'<li class="nav-item"><a class="nav-link{" active" if m == active else " link-body-emphasis"}" href="#">{m}</a></li>' for m in MENU)
    head = link(nm, 'bootstrap/dist/css/bootstrap.min.css') + (link(nm, f'@fontsource/{font[0]}/index.css') if font else '')
    css = f'body {{ font-family: "{font[1]}", sans-serif; }}' if font else ''
    body = f"""<nav class="navbar navbar-expand border-bottom bg-body-tertiary px-3"><a class="navbar-brand fw-semibold" href="#">Northwind Admin</a>
<ul class="navbar-nav ms-auto"><li class="nav-item"><a class="nav-link" href="#">Notifications</a></li><li class="nav-item"><a class="nav-link" href="#">Help Center</a></li><li class="nav-item"><a class="nav-link" href="#">Sign out</a></li></ul></nav>
<div class="d-flex"><aside class="border-end p-3" style="width: 220px; min-height: 760px"><div class="text-uppercase text-body-secondary small fw-semibold mb-2">Main menu</div><ul class="nav nav-pills flex-column">{nav}</ul></aside>
<main class="p-4 flex-grow-1"><h1 class="h3 mb-3">{title}</h1>{main}</main></div>"""
    return doc(head, body, f'data-bs-theme="{theme}"', css)


def bs_dashboard(nm, rng):
    data = rows(rng, 7)
    cards = ''.join(f'<div class="col"><div class="card"><div class="card-body"><div class="text-body-secondary small">{k}</div><div class="fs-3 fw-semibold">{v}</div><div class="small text-success">{d}</div></div></div></div>'
                    for k, v, d in [('Revenue this month', '48,210 EUR', '+12.4% vs last month'), ('Open orders', '132', '18 due Thursday'),
                                    ('New customers', '57', '+9 this week'), ('Refund rate', '1.8%', 'within target')])
    trs = ''.join(f'<tr><td>{r["id"]}</td><td>{esc(r["who"])}</td><td>{esc(r["what"])}</td><td>{r["date"]}</td><td><span class="badge text-bg-{ {"Paid": "success", "Pending": "warning", "Refunded": "secondary", "Overdue": "danger", "Shipped": "info"}[r["status"]]}">{r["status"]}</span></td><td class="text-end">{r["amount"]}</td></tr>' for r in data)
    main = f"""<div class="row row-cols-4 g-3 mb-4">{cards}</div>
<div class="card"><div class="card-header d-flex align-items-center"><span class="fw-semibold">Recent orders</span><div class="ms-auto"><button class="btn btn-sm btn-outline-secondary me-2">Export CSV</button><button class="btn btn-sm btn-primary">New order</button></div></div>
<table class="table table-hover mb-0"><thead><tr><th>Order</th><th>Customer</th><th>Product</th><th>Date</th><th>Status</th><th class="text-end">Amount</th></tr></thead><tbody>{trs}</tbody></table></div>"""
    return lambda theme: bs_shell(nm, theme, 'Dashboard', main)


def bs_form(nm, rng):
    main = """<div class="card" style="max-width: 760px"><div class="card-body">
<h2 class="h5 card-title">Account settings</h2><p class="text-body-secondary small">Changes apply to every member of your team.</p>
<div class="row g-3"><div class="col-6"><label for="fn" class="form-label">First name</label><input id="fn" class="form-control" value="Margaret"></div>
<div class="col-6"><label for="ln" class="form-label">Last name</label><input id="ln" class="form-control" value="Whitfield"></div>
<div class="col-6"><label for="em" class="form-label">Email address</label><input id="em" type="email" class="form-control" placeholder="name@example.com"></div>
<div class="col-6"><label for="co" class="form-label">Company</label><input id="co" class="form-control" value="Harbour &amp; Vale"></div>
<div class="col-6"><label for="ro" class="form-label">Role</label><select id="ro" class="form-select"><option>Administrator</option><option>Editor</option></select></div>
<div class="col-6"><label for="tz" class="form-label">Time zone</label><select id="tz" class="form-select"><option>Europe/Dublin</option></select></div>
<div class="col-12"><div class="form-check"><input class="form-check-input" type="checkbox" id="c1" checked><label class="form-check-label" for="c1">Email me about new orders</label></div>
<div class="form-check"><input class="form-check-input" type="checkbox" id="c2"><label class="form-check-label" for="c2">Send a weekly summary on Thursday</label></div>
<div class="form-check form-switch"><input class="form-check-input" type="checkbox" id="c3" checked><label class="form-check-label" for="c3">Two-factor authentication</label></div></div>
<div class="col-12"><button class="btn btn-primary me-2">Save changes</button><button class="btn btn-outline-secondary me-2">Cancel</button><button class="btn btn-link text-danger">Delete account</button></div></div></div></div>"""
    return lambda theme: bs_shell(nm, theme, 'Settings', main, font=('source-sans-3', 'Source Sans 3'), active='Settings')


def bs_table(nm, rng):
    data = rows(rng, 11)
    trs = ''.join(f'<tr><td><input class="form-check-input" type="checkbox"></td><td>{r["id"]}</td><td>{esc(r["who"])}</td><td>{r["date"]}</td><td>{r["status"]}</td><td class="text-end">{r["amount"]}</td></tr>' for r in data)
    main = f"""<div class="d-flex mb-3 gap-2"><input class="form-control" style="max-width: 280px" placeholder="Search invoices"><select class="form-select" style="max-width: 180px"><option>All statuses</option></select>
<button class="btn btn-outline-secondary">Filter</button><button class="btn btn-success ms-auto">Create invoice</button></div>
<table class="table table-striped table-sm align-middle"><thead><tr><th></th><th>Invoice</th><th>Client</th><th>Issued</th><th>State</th><th class="text-end">Total</th></tr></thead><tbody>{trs}</tbody></table>
<nav class="d-flex align-items-center"><span class="text-body-secondary small">Showing 1 to 11 of 248 entries</span><ul class="pagination pagination-sm ms-auto mb-0"><li class="page-item"><a class="page-link" href="#">Previous</a></li><li class="page-item active"><a class="page-link" href="#">1</a></li><li class="page-item"><a class="page-link" href="#">2</a></li><li class="page-item"><a class="page-link" href="#">Next</a></li></ul></nav>"""
    return lambda theme: bs_shell(nm, theme, 'Invoices', main, active='Invoices')


# ---------------------------------------------------------------- Tabler


def tabler_page(nm, theme, body):
    head = link(nm, '@tabler/core/dist/css/tabler.min.css') + link(nm, '@fontsource/inter/index.css')
    return doc(head, body, f'data-bs-theme="{theme}"', 'body { --tblr-font-sans-serif: "Inter", sans-serif; font-family: "Inter", sans-serif; }')


def tabler_header(active):
    items = ''.join(f'<li class="nav-item{" active" if m == active else ""}"><a class="nav-link" href="#"><span class="nav-link-title">{m}</span></a></li>' for m in MENU[:7])
    return f"""<header class="navbar navbar-expand-md d-print-none"><div class="container-xl"><span class="navbar-brand">Meridian Console</span>
<div class="navbar-nav flex-row order-md-last"><a class="btn btn-outline-primary me-2" href="#">Source code</a><a class="btn" href="#">Sponsor</a></div></div></header>
<header class="navbar-expand-md"><div class="navbar"><div class="container-xl"><ul class="navbar-nav">{items}</ul></div></div></header>"""


def tabler_dashboard(nm, rng):
    data = rows(rng, 6)
    cards = ''.join(f'<div class="col-3"><div class="card card-sm"><div class="card-body"><div class="subheader">{k}</div><div class="h1 mb-1">{v}</div><div class="text-secondary">{d}</div></div></div></div>'
                    for k, v, d in [('Sales', '75%', 'Conversion rate'), ('Revenue', '4,300 EUR', 'Last 7 days'), ('New clients', '6,782', 'Since Monday'), ('Active users', '2,986', 'Free plan included')])
    trs = ''.join(f'<tr><td class="text-secondary">{r["id"]}</td><td>{esc(r["who"])}</td><td>{esc(r["what"])}</td><td><span class="badge bg-{ {"Paid": "green", "Pending": "yellow", "Refunded": "secondary", "Overdue": "red", "Shipped": "blue"}[r["status"]]}-lt">{r["status"]}</span></td><td class="text-end">{r["amount"]}</td></tr>' for r in data)
    body = f"""<div class="page">{tabler_header('Dashboard')}<div class="page-wrapper"><div class="page-header"><div class="container-xl"><div class="row align-items-center"><div class="col"><div class="page-pretitle">Overview</div><h2 class="page-title">Sales dashboard</h2></div>
<div class="col-auto"><a class="btn btn-primary" href="#">Create new report</a></div></div></div></div>
<div class="page-body"><div class="container-xl"><div class="row row-deck row-cards mb-3">{cards}</div>
<div class="card"><div class="card-header"><h3 class="card-title">Latest transactions</h3></div><div class="table-responsive"><table class="table card-table table-vcenter"><thead><tr><th>No.</th><th>Client</th><th>Item</th><th>Status</th><th class="text-end">Value</th></tr></thead><tbody>{trs}</tbody></table></div></div></div></div></div></div>"""
    return lambda theme: tabler_page(nm, theme, body)


def tabler_settings(nm, rng):
    body = f"""<div class="page">{tabler_header('Settings')}<div class="page-wrapper"><div class="page-body"><div class="container-xl"><div class="card"><div class="row g-0">
<div class="col-3 border-end"><div class="card-body"><h4 class="subheader">Business settings</h4><div class="list-group list-group-transparent"><a href="#" class="list-group-item list-group-item-action active">My Account</a><a href="#" class="list-group-item list-group-item-action">My Notifications</a><a href="#" class="list-group-item list-group-item-action">Connected Apps</a><a href="#" class="list-group-item list-group-item-action">Plans</a><a href="#" class="list-group-item list-group-item-action">Billing &amp; Invoices</a></div>
<h4 class="subheader mt-4">Experience</h4><div class="list-group list-group-transparent"><a href="#" class="list-group-item list-group-item-action">Give Feedback</a></div></div></div>
<div class="col-9"><div class="card-body"><h2 class="mb-4">My Account</h2><h3 class="card-title">Business Profile</h3>
<div class="row g-3"><div class="col-md"><label class="form-label" for="bn">Business Name</label><input id="bn" class="form-control" value="Tabler Family Store"></div><div class="col-md"><label class="form-label" for="bi">Business ID</label><input id="bi" class="form-control" value="560afc32"></div><div class="col-md"><label class="form-label" for="lo">Location</label><input id="lo" class="form-control" value="Peimei, China"></div></div>
<h3 class="card-title mt-4">Email</h3><p class="card-subtitle">This contact will be shown to others publicly, so choose it carefully.</p><div class="row g-2"><div class="col-auto"><input class="form-control w-auto" value="paweluna@howstuff.wtf" aria-label="email"></div><div class="col-auto"><a href="#" class="btn">Change</a></div></div>
<h3 class="card-title mt-4">Public profile</h3><p class="card-subtitle">Making your profile public means that anyone on the network will be able to find you.</p>
<label class="form-check form-switch form-switch-lg"><input class="form-check-input" type="checkbox"><span class="form-check-label">You're currently invisible</span></label></div>
<div class="card-footer bg-transparent mt-auto"><div class="btn-list justify-content-end"><a href="#" class="btn">Cancel</a><a href="#" class="btn btn-primary">Submit</a></div></div></div></div></div></div></div></div></div>"""
    return lambda theme: tabler_page(nm, theme, body)


# ---------------------------------------------------------------- Bulma 1.0


def bulma_page(nm, theme, main, active):
    menu = ''.join(f'<li><a class="{"is-active" if m == active else ""}">{m}</a></li>' for m in MENU[:5])
    menu2 = ''.join(f'<li><a>{m}</a></li>' for m in ['Team members', 'Permissions', 'Payment methods', 'Transfers'])
    body = f"""<nav class="navbar has-shadow"><div class="navbar-brand"><a class="navbar-item"><strong>Bluestone PM</strong></a></div><div class="navbar-menu"><div class="navbar-end"><a class="navbar-item">Documentation</a><a class="navbar-item">Log out</a></div></div></nav>
<section class="section pt-4"><div class="columns"><div class="column is-2"><aside class="menu"><p class="menu-label">General</p><ul class="menu-list">{menu}</ul><p class="menu-label">Administration</p><ul class="menu-list">{menu2}</ul></aside></div><div class="column">{main}</div></div></section>"""
    return doc(link(nm, 'bulma/css/bulma.min.css'), body, f'data-theme="{theme}"')


def bulma_admin(nm, rng):
    data = rows(rng, 8)
    trs = ''.join(f'<tr><td>{r["id"]}</td><td>{esc(r["who"])}</td><td>{r["date"]}</td><td><span class="tag is-{ {"Paid": "success", "Pending": "warning", "Refunded": "light", "Overdue": "danger", "Shipped": "info"}[r["status"]]}">{r["status"]}</span></td><td class="has-text-right">{r["amount"]}</td></tr>' for r in data)
    main = f"""<nav class="level"><div class="level-item has-text-centered"><div><p class="heading">Tenants</p><p class="title">3,456</p></div></div><div class="level-item has-text-centered"><div><p class="heading">Vacancies</p><p class="title">123</p></div></div><div class="level-item has-text-centered"><div><p class="heading">Repairs open</p><p class="title">45</p></div></div><div class="level-item has-text-centered"><div><p class="heading">Rent collected</p><p class="title">92%</p></div></div></nav>
<div class="box"><div class="is-flex is-align-items-center mb-3"><h2 class="title is-5 mb-0">Rent payments</h2><div class="buttons ml-auto"><button class="button is-small">Download</button><button class="button is-small is-link">Record payment</button></div></div>
<table class="table is-fullwidth is-striped"><thead><tr><th>Reference</th><th>Tenant</th><th>Received</th><th>Status</th><th class="has-text-right">Sum</th></tr></thead><tbody>{trs}</tbody></table></div>"""
    return lambda theme: bulma_page(nm, theme, main, 'Dashboard')


def bulma_form(nm, rng):
    main = """<div class="box" style="max-width: 720px"><h2 class="title is-4">New maintenance request</h2>
<div class="field"><label class="label" for="pr">Property</label><div class="control"><div class="select is-fullwidth"><select id="pr"><option>88 Harbour Road, Flat 4</option></select></div></div></div>
<div class="columns"><div class="column"><div class="field"><label class="label" for="cn">Contact name</label><div class="control"><input id="cn" class="input" type="text" value="Agnes Delacroix"></div></div></div>
<div class="column"><div class="field"><label class="label" for="ph">Phone number</label><div class="control"><input id="ph" class="input" type="tel" placeholder="+44 20 7946 0000"></div><p class="help">Only used to arrange the visit.</p></div></div></div>
<div class="field"><label class="label" for="ds">Describe the problem</label><div class="control"><textarea id="ds" class="textarea" rows="3" placeholder="The heating does not work since Thursday"></textarea></div></div>
<div class="field"><label class="checkbox"><input type="checkbox"> I agree to the Terms of Service</label></div>
<div class="field"><label class="radio"><input type="radio" name="u" checked> Urgent</label> <label class="radio"><input type="radio" name="u"> Can wait</label></div>
<div class="field is-grouped"><div class="control"><button class="button is-link">Submit request</button></div><div class="control"><button class="button is-link is-light">Discard</button></div></div></div>"""
    return lambda theme: bulma_page(nm, theme, main, 'Customers')


# ---------------------------------------------------------------- Pico 2


def pico_page(nm, theme, body):
    return doc(link(nm, '@picocss/pico/css/pico.min.css'), body, f'data-theme="{theme}"', 'body { font-size: 15px; } :root { --pico-font-size: 15px; }')


def pico_form(nm, rng):
    body = """<header class="container"><nav><ul><li><strong>Orchard Lane Bakery</strong></li></ul><ul><li><a href="#">Orders</a></li><li><a href="#">Suppliers</a></li><li><a href="#" role="button">Sign in</a></li></ul></nav></header>
<main class="container"><div class="grid"><article><header><strong>Supplier registration</strong></header>
<form><div class="grid"><label for="sn">Supplier name<input id="sn" value="Greenfield Family Butchers"></label><label for="vat">VAT number<input id="vat" placeholder="GB 123 4567 89"></label></div>
<label for="cat">Category<select id="cat"><option>Fresh meat</option></select></label>
<fieldset><legend>Delivery days</legend><label for="d1"><input id="d1" type="checkbox" checked> Monday</label><label for="d4"><input id="d4" type="checkbox" checked> Thursday</label></fieldset>
<div class="grid"><input type="submit" value="Register supplier"><button class="secondary outline" type="button">Save draft</button></div></form></article>
<article><header><strong>Recent deliveries</strong></header><table><thead><tr><th>Supplier</th><th>Day</th><th>Crates</th></tr></thead><tbody><tr><td>Cobalt Farms</td><td>Tuesday</td><td>14</td></tr><tr><td>Mill House Flour</td><td>Thursday</td><td>32</td></tr><tr><td>River Dairy</td><td>Friday</td><td>9</td></tr></tbody></table>
<footer><small>Last synchronised 4 minutes ago</small></footer></article></div></main>"""
    return lambda theme: pico_page(nm, theme, body)


def pico_dashboard(nm, rng):
    data = rows(rng, 8)
    trs = ''.join(f'<tr><td>{r["id"]}</td><td>{esc(r["who"])}</td><td>{esc(r["what"])}</td><td>{r["status"]}</td><td>{r["amount"]}</td></tr>' for r in data)
    body = f"""<header class="container"><nav><ul><li><strong>Atlas Office Supply</strong></li></ul><ul><li><a href="#">Catalogue</a></li><li><a href="#">Warehouse</a></li><li><details class="dropdown"><summary>Account</summary><ul dir="rtl"><li><a href="#">Profile</a></li></ul></details></li></ul></nav></header>
<main class="container"><hgroup><h2>Stock overview</h2><p>Figures refresh every hour; legacy items are shown in grey.</p></hgroup>
<div class="grid"><article><small>Items in stock</small><h3>12,480</h3></article><article><small>Back orders</small><h3>37</h3></article><article><small>Returns this week</small><h3>5</h3></article></div>
<table class="striped"><thead><tr><th>Ticket</th><th>Requested by</th><th>Article</th><th>Progress</th><th>Cost</th></tr></thead><tbody>{trs}</tbody></table>
<div role="group"><button>Reorder selected</button><button class="secondary">Print labels</button><button class="contrast">Archive</button></div></main>"""
    return lambda theme: pico_page(nm, theme, body)


# ---------------------------------------------------------------- daisyUI 4 (its component CSS, layout by hand)


def daisy_page(nm, theme, body):
    css = """body { font-family: 'Inter', sans-serif; font-size: 14px; } .wrap { display: flex; } .side { width: 230px; padding: 12px; }
.content { flex: 1; padding: 20px 28px; } .row { display: flex; gap: 16px; margin-bottom: 18px; align-items: center; } .grow { flex: 1; }
h1 { font-size: 24px; font-weight: 700; margin: 0 0 14px; } h2 { font-size: 17px; font-weight: 600; margin: 0 0 10px; }
.col2 { display: grid; grid-template-columns: 1fr 1fr; gap: 14px 22px; max-width: 760px; } .lbl { font-size: 13px; font-weight: 600; display: block; margin-bottom: 4px; }"""
    head = link(nm, 'daisyui/dist/full.css') + link(nm, '@fontsource/inter/index.css')
    return doc(head, f'<div class="bg-base-100" style="min-height: 800px">{body}</div>', f'data-theme="{theme}"', css)


def daisy_nav(active):
    items = ''.join(f'<li><a class="{"active" if m == active else ""}">{m}</a></li>' for m in MENU[:6])
    return (f'<div class="navbar bg-base-200"><a class="btn btn-ghost text-xl">Sterling Freight</a><div style="margin-left: auto">'
            f'<button class="btn btn-sm btn-ghost">Messages <span class="badge badge-secondary">4</span></button></div></div>'
            f'<div class="wrap"><div class="side"><ul class="menu bg-base-200 rounded-box"><li class="menu-title">Workspace</li>{items}</ul></div>')


def daisy_dashboard(nm, rng):
    data = rows(rng, 7)
    trs = ''.join(f'<tr><td>{r["id"]}</td><td>{esc(r["who"])}</td><td>{r["date"]}</td><td><div class="badge badge-{ {"Paid": "success", "Pending": "warning", "Refunded": "ghost", "Overdue": "error", "Shipped": "info"}[r["status"]]}">{r["status"]}</div></td><td style="text-align: right">{r["amount"]}</td></tr>' for r in data)
    body = daisy_nav('Orders') + f"""<div class="content"><h1>Shipments</h1>
<div class="stats shadow" style="margin-bottom: 18px"><div class="stat"><div class="stat-title">Containers in transit</div><div class="stat-value">89</div><div class="stat-desc">21% more than last month</div></div><div class="stat"><div class="stat-title">Delayed at port</div><div class="stat-value">7</div><div class="stat-desc">Customs notice pending</div></div><div class="stat"><div class="stat-title">Freight billed</div><div class="stat-value">86K</div><div class="stat-desc">Jan 1st - Feb 1st</div></div></div>
<div class="row"><input class="input input-bordered input-sm" placeholder="Search shipments"><div class="grow"></div><button class="btn btn-sm">Import manifest</button><button class="btn btn-sm btn-primary">Book a container</button></div>
<table class="table table-zebra"><thead><tr><th>Booking</th><th>Consignee</th><th>Departure</th><th>Status</th><th style="text-align: right">Charges</th></tr></thead><tbody>{trs}</tbody></table></div></div>"""
    return lambda theme: daisy_page(nm, theme, body)


def daisy_form(nm, rng):
    body = daisy_nav('Settings') + """<div class="content"><h1>Integration settings</h1><div class="tabs tabs-bordered" role="tablist" style="max-width: 520px; margin-bottom: 18px"><a role="tab" class="tab tab-active">General</a><a role="tab" class="tab">Webhooks</a><a role="tab" class="tab">API keys</a></div>
<div class="col2"><div><label class="lbl" for="rep">Repository URL</label><input id="rep" class="input input-bordered w-full" value="github.com/sterling/legacy-bridge" style="width: 100%"></div>
<div><label class="lbl" for="br">Default branch</label><select id="br" class="select select-bordered" style="width: 100%"><option>main</option></select></div>
<div><label class="lbl" for="ci">Callback interval</label><input id="ci" class="input input-bordered" style="width: 100%" placeholder="Every 15 minutes"></div>
<div><label class="lbl" for="sec">Signing secret</label><input id="sec" class="input input-bordered" style="width: 100%" type="password" value="secretvalue"></div>
<div class="form-control"><label class="label cursor-pointer" for="t1" style="justify-content: flex-start; gap: 10px"><input id="t1" type="checkbox" class="toggle toggle-primary" checked><span class="label-text">Retry failed deliveries</span></label></div>
<div class="form-control"><label class="label cursor-pointer" for="t2" style="justify-content: flex-start; gap: 10px"><input id="t2" type="checkbox" class="checkbox"><span class="label-text">Notify the owner by email</span></label></div></div>
<div class="row" style="margin-top: 22px"><button class="btn btn-primary">Save integration</button><button class="btn btn-outline">Test connection</button><button class="btn btn-error btn-outline">Remove</button></div>
<div role="alert" class="alert" style="max-width: 760px"><span>Deliveries to legacy endpoints cannot be signed; upgrade the receiver first.</span></div></div></div>"""
    return lambda theme: daisy_page(nm, theme, body)


# ---------------------------------------------------------------- plain CSS: a dense legacy back office


LEGACY_CSS = """body { font-family: 'Liberation Sans', Arial, sans-serif; font-size: 12px; background: var(--bg); color: var(--fg); }
:root { --bg: #f3f3f3; --fg: #222; --panel: #fff; --line: #c9c9c9; --muted: #777; --head: #2b4a6f; --accent: #1f6fb2; }
html[data-theme=dark] { --bg: #1d1f23; --fg: #ddd; --panel: #26292e; --line: #3c4047; --muted: #8b9099; --head: #101820; --accent: #5aa0e6; }
.top { background: var(--head); color: #fff; padding: 6px 12px; display: flex; gap: 18px; align-items: center; } .top b { font-size: 14px; }
.top a { color: #cfe0f5; text-decoration: none; } .tabs { display: flex; gap: 2px; padding: 8px 12px 0; } .tabs span { border: 1px solid var(--line); border-bottom: 0; padding: 4px 12px; background: var(--panel); }
.tabs span.on { font-weight: bold; color: var(--accent); } .panel { background: var(--panel); border: 1px solid var(--line); margin: 0 12px 10px; padding: 10px; }
.grid { display: grid; grid-template-columns: repeat(4, 160px 1fr); gap: 6px 8px; align-items: center; } .grid label { font-size: 10px; text-transform: uppercase; color: var(--muted); text-align: right; }
input, select { font: inherit; font-size: 12px; padding: 2px 4px; border: 1px solid var(--line); background: var(--bg); color: var(--fg); }
table { border-collapse: collapse; width: 100%; } th { font-size: 10px; text-transform: uppercase; color: var(--muted); text-align: left; border-bottom: 1px solid var(--line); padding: 3px 6px; }
td { padding: 3px 6px; border-bottom: 1px solid var(--line); } td.n { text-align: right; } .btns { display: flex; gap: 6px; margin-top: 8px; }
button { font: inherit; padding: 3px 12px; border: 1px solid var(--line); background: var(--bg); color: var(--fg); } button.primary { background: var(--accent); color: #fff; border-color: var(--accent); }
.hint { color: var(--muted); font-size: 11px; }"""


def legacy(nm, rng):
    data = rows(rng, 9)
    trs = ''.join(f'<tr><td>{r["id"]}</td><td>{esc(r["who"])}</td><td>{esc(r["what"])}</td><td>{r["date"]}</td><td>{r["status"]}</td><td class="n">{r["amount"]}</td></tr>' for r in data)
    fields = [('acct', 'Account no.', '<input id="acct" value="AC-20931">'), ('cust', 'Customer', '<input id="cust" value="Oscar Novak">'),
              ('terms', 'Payment terms', '<select id="terms"><option>Net 30</option></select>'), ('cur', 'Currency', '<select id="cur"><option>EUR</option></select>'),
              ('lim', 'Credit limit', '<input id="lim" value="15,000.00">'), ('rep', 'Sales rep', '<input id="rep" value="Clara Havel">'),
              ('grp', 'Price group', '<select id="grp"><option>Wholesale B</option></select>'), ('fam', 'Family account', '<input id="fam" type="checkbox" checked>')]
    grid = ''.join(f'<label for="{i}">{t}</label><div>{c}</div>' for i, t, c in fields)
    body = f"""<div class="top"><b>ERP Back Office</b><a href="#">Sales</a><a href="#">Purchasing</a><a href="#">Stock</a><a href="#">General ledger</a><span style="margin-left: auto">User: cnovak</span></div>
<div class="tabs"><span class="on">Customer master</span><span>Open items</span><span>Dunning</span><span>Credit notes</span></div>
<div class="panel"><div class="grid">{grid}</div><div class="btns"><button class="primary">Post</button><button>Hold</button><button>Print statement</button><span class="hint" style="margin-left: auto">F8 to post, F3 to go back</span></div></div>
<div class="panel"><table><thead><tr><th>Document</th><th>Debtor</th><th>Article</th><th>Due date</th><th>Dunning level</th><th style="text-align: right">Open amount</th></tr></thead><tbody>{trs}</tbody></table></div>"""
    return lambda theme: doc('', body, f'data-theme="{theme}"', LEGACY_CSS)


PLAN = [('bs-dashboard', 'bootstrap', bs_dashboard), ('bs-settings', 'bootstrap', bs_form), ('bs-invoices', 'bootstrap', bs_table),
        ('tabler-dashboard', 'tabler', tabler_dashboard), ('tabler-settings', 'tabler', tabler_settings),
        ('bulma-admin', 'bulma', bulma_admin), ('bulma-form', 'bulma', bulma_form),
        ('pico-form', 'pico', pico_form), ('pico-dashboard', 'pico', pico_dashboard),
        ('daisy-dashboard', 'daisyui', daisy_dashboard), ('daisy-settings', 'daisyui', daisy_form),
        ('legacy-erp', 'plain-css', legacy)]


def screens(node_modules, seed=20240611):
    out = []
    for i, (sid, kit, fn) in enumerate(PLAN):
        rng = random.Random(f'{seed}:{sid}')
        out.append({'id': f'scr{i + 1:02d}-{sid}', 'kit': kit, 'themes': ['light', 'dark'], 'width': W, 'height': H,
                    'html': fn(node_modules, rng)})
    return out
