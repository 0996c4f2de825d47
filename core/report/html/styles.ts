// The report's stylesheet, inline. Outcome colours are paired with text (every cell and badge says
// its outcome in words or a status code, never by colour alone: WCAG 2.2 SC 1.4.1) and each
// text/background pair has a contrast of at least 4.5:1 (SC 1.4.3). The print rules drop the
// controls and let every table run to full length.
export const CSS = `
:root{--fg:#1b1f24;--muted:#57606a;--line:#d0d7de;--head:#f6f8fa;--focus:#0550ae}
*{box-sizing:border-box}
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:0;color:var(--fg);background:#fff}
header,main{padding:0 1.5rem}
header{border-bottom:1px solid var(--line);padding-top:1rem;padding-bottom:.5rem}
h1{font-size:1.5rem;margin:.2rem 0}h2{font-size:1.25rem;margin:1.6rem 0 .5rem;border-bottom:1px solid var(--line)}h3{font-size:1.05rem;margin:1rem 0 .4rem}
a{color:#0550ae}
:focus-visible{outline:3px solid var(--focus);outline-offset:1px}
.skip{position:absolute;left:-999px}.skip:focus{left:1rem;top:.5rem;background:#fff;padding:.3rem .6rem;z-index:10}
.meta{color:var(--muted);margin:.2rem 0}
.partial{background:#fff1e5;border:1px solid #bc4c00;padding:.4rem .7rem}
.cards{display:flex;flex-wrap:wrap;gap:.6rem;margin:.6rem 0;padding:0;list-style:none}
.cards li{border:1px solid var(--line);border-radius:6px;padding:.45rem .8rem;min-width:8.5rem}
.cards .n{display:block;font-size:1.5rem;font-weight:600}
.charts{display:flex;flex-wrap:wrap;gap:1.5rem 2.5rem}
.charts figure{margin:0}
.charts figcaption{font-weight:600;margin:.3rem 0}
.chart text{font-size:12px;fill:var(--fg)}
table{border-collapse:collapse;margin:.5rem 0}
th,td{border:1px solid var(--line);padding:.3rem .55rem;text-align:left;vertical-align:top}
th{background:var(--head)}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
.badge{display:inline-block;padding:0 .4rem;border-radius:4px;font-weight:600;font-size:.85em}
.o-critical{background:#8b0a1e;color:#fff;fill:#8b0a1e}
.o-high{background:#b42318;color:#fff;fill:#b42318}
.o-medium{background:#f5c04a;color:#1b1f24;fill:#d4a72c}
.o-low{background:#c9ddf6;color:#1b1f24;fill:#6e9fd8}
.o-unknown{background:#6639ba;color:#fff;fill:#6639ba}
.o-waived{background:#d0d7de;color:#1b1f24;fill:#8c959f}
.o-clean{background:#dafbe1;color:#116329;fill:#2da44e}
.o-unread{background:repeating-linear-gradient(45deg,#eaeef2 0 6px,#fff 6px 12px);color:#1b1f24}
.tag{font-size:.8em;border:1px solid currentColor;border-radius:3px;padding:0 .25rem;margin-left:.3rem;color:#0a3069}
.scroller{overflow:auto;max-height:75vh;border:1px solid var(--line)}
.scroller table{margin:0}
.scroller thead th{position:sticky;top:0;z-index:2}
table.grid{border-collapse:separate;border-spacing:0}
table.grid th.server{position:sticky;left:0;background:#fff;z-index:1;white-space:nowrap;font-weight:600}
table.grid thead th{white-space:nowrap;max-width:13rem;overflow:hidden;text-overflow:ellipsis;font-weight:600}
table.grid thead th.server{z-index:3;background:var(--head)}
table.grid td{padding:0;min-width:4.2rem;height:28px;text-align:center}
table.grid td a,table.grid td button{display:block;width:100%;height:100%;padding:.25rem .3rem;border:0;font:inherit;color:inherit;background:transparent;cursor:pointer;text-decoration:none}
.grid-legend{display:flex;flex-wrap:wrap;gap:.4rem;padding:0;list-style:none}
.grid-legend li{padding:0 .4rem;border-radius:4px}
.controls{display:flex;flex-wrap:wrap;gap:.5rem 1rem;align-items:end;margin:.5rem 0}
.controls label{display:flex;flex-direction:column;font-size:.85rem;color:var(--muted)}
.controls select,.controls input{font:inherit;color:var(--fg);padding:.2rem .3rem;border:1px solid #8c959f;border-radius:4px;min-width:9rem}
.controls button,.detail button{font:inherit;padding:.25rem .6rem;border:1px solid #8c959f;border-radius:4px;background:var(--head);color:var(--fg);cursor:pointer}
.count{font-weight:600;margin:.3rem 0}
table.findings{table-layout:fixed;width:100%;min-width:70rem}
table.findings td{white-space:nowrap;overflow:hidden;text-overflow:ellipsis}
table.findings.static td{white-space:normal}
table.findings th button{font:inherit;font-weight:600;border:0;background:transparent;padding:0;cursor:pointer;color:var(--fg)}
table.findings td button.open{font:inherit;color:#0550ae;text-decoration:underline;border:0;background:transparent;padding:0;cursor:pointer;text-align:left;max-width:100%;overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
table.findings tr.row{height:32px}
tr.spacer td{padding:0;border:0}
.detail{border:2px solid var(--focus);border-radius:6px;padding:.5rem 1rem;margin:.8rem 0;background:#f6f8fa}
.detail dt{font-weight:600}.detail dd{margin:0 0 .4rem 0;white-space:pre-wrap;overflow-wrap:anywhere}
.side{display:grid;grid-template-columns:1fr 1fr;gap:.8rem}
.side div{background:#fff;border:1px solid var(--line);padding:.4rem .6rem;white-space:pre-wrap;overflow-wrap:anywhere}
.reference dt{font-weight:600;margin-top:.3rem}
.reference dd{margin-left:1rem}
.truncated{color:var(--muted);font-style:italic}
[hidden]{display:none!important}
/* Sections out of sight are laid out when scrolled to (CSS Containment 2, content-visibility): a
   5,000-host page paints its overview without first laying out every table below it. */
#fleet .scroller,#findings .scroller,#unread,#resolved,#reference{content-visibility:auto;contain-intrinsic-size:auto 900px}
table.grid td,table.grid th{vertical-align:middle}
table.grid thead th{vertical-align:bottom}
table.grid thead th small{display:block;font-weight:400}
@media print{
  #fleet .scroller,#findings .scroller,#unread,#resolved,#reference{content-visibility:visible}
  .controls,.skip,.detail button,.no-print{display:none!important}
  header,main{padding:0}
  .scroller{max-height:none;overflow:visible;border:0}
  .scroller thead th{position:static}
  table.findings{min-width:0;table-layout:auto}
  table.findings td{white-space:normal}
  table.grid th.server{position:static}
  a{color:inherit;text-decoration:none}
  h2{break-after:avoid}
  tr{break-inside:avoid}
  .o-critical,.o-high,.o-medium,.o-low,.o-unknown,.o-waived,.o-clean{print-color-adjust:exact;-webkit-print-color-adjust:exact}
}
`;
