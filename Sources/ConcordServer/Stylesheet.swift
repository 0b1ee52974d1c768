/// The pages' only stylesheet, inlined in each page (no external assets): a readable column on a phone,
/// results beside the facet list on a wide screen, visible keyboard focus, light and dark schemes.
enum Stylesheet {
    static let css = """
        :root{color-scheme:light dark;--ink:#1d1d1f;--muted:#5b5b66;--line:#d6d6dc;--accent:#0b5cad;--mark:#ffe58a;--bg:#fff;--panel:#f5f5f7}
        @media (prefers-color-scheme:dark){:root{--ink:#ececf1;--muted:#a8a8b3;--line:#3a3a44;--accent:#7db7ff;--mark:#6b5700;--bg:#16161a;--panel:#202027}}
        *{box-sizing:border-box}
        body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--ink);background:var(--bg)}
        a{color:var(--accent)}
        a:focus-visible,button:focus-visible,input:focus-visible,select:focus-visible{outline:3px solid var(--accent);outline-offset:2px}
        .skip{position:absolute;left:-999px}.skip:focus{left:8px;top:8px;background:var(--bg);padding:4px 8px}
        .visually-hidden{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
        header.site{background:var(--panel);border-bottom:1px solid var(--line);padding:12px 16px}
        header.site .name{margin:0 0 8px;font-weight:700}header.site .name a{text-decoration:none;color:var(--ink)}
        header.site .count{font-weight:400;color:var(--muted)}
        form.search{max-width:1100px}
        form.search .row{display:flex;flex-wrap:wrap;gap:8px;align-items:center;margin-bottom:6px}
        form.search input[type=search]{flex:1 1 240px;font-size:1.05rem;padding:8px 10px;border:1px solid var(--line);border-radius:6px;background:var(--bg);color:var(--ink)}
        form.search button{font-size:1rem;padding:8px 16px;border:0;border-radius:6px;background:var(--accent);color:#fff;cursor:pointer}
        form.search .options{font-size:.9rem;color:var(--muted)}
        form.search .options input,form.search select{padding:4px 6px;border:1px solid var(--line);border-radius:4px;background:var(--bg);color:var(--ink)}
        main{max-width:1100px;padding:8px 16px 32px}
        .columns{display:flex;flex-wrap:wrap;gap:32px}
        .results{flex:1 1 520px;min-width:0}
        .facets{flex:0 1 240px}
        .range{font-size:1rem;font-weight:600;color:var(--muted);margin:12px 0}
        ol.hits{list-style:none;padding:0;margin:0}
        .hit{padding:12px 0;border-bottom:1px solid var(--line)}
        .hit .date,.record .date{margin:0;color:var(--muted);font-size:.9rem}
        .hit .title{font-size:1.1rem;margin:2px 0 4px;line-height:1.3}
        .hit .snippet{margin:0 0 4px}
        .meta{margin:0;font-size:.8rem;color:var(--muted);overflow-wrap:anywhere}
        mark{background:var(--mark);color:inherit;padding:0 1px;border-radius:2px}
        nav.pages ul{list-style:none;display:flex;flex-wrap:wrap;gap:6px;padding:0;margin:20px 0}
        nav.pages a,nav.pages span{display:inline-block;min-width:2.2em;text-align:center;padding:4px 8px;border:1px solid var(--line);border-radius:4px;text-decoration:none}
        nav.pages span[aria-current]{background:var(--accent);color:#fff;border-color:var(--accent)}
        .facets h2{font-size:1rem;margin:16px 0 6px}
        ul.facet{list-style:none;padding:0;margin:0;font-size:.9rem}
        ul.facet a{display:grid;grid-template-columns:1fr auto;position:relative;padding:2px 4px;text-decoration:none}
        ul.facet .count{color:var(--muted)}
        ul.facet .bar{grid-column:1/3;height:3px;background:var(--accent);opacity:.5;border-radius:2px}
        ul.facet a[aria-current]{font-weight:700}
        .suggestion{font-size:1.05rem}
        .problem{border-left:4px solid #c0392b;padding:4px 12px;margin:12px 0}
        .record{max-width:760px}.record h1{line-height:1.25}
        .record dl{display:grid;grid-template-columns:max-content 1fr;gap:2px 12px;font-size:.9rem}
        .record dt{color:var(--muted)}.record dd{margin:0;overflow-wrap:anywhere}
        footer.site{border-top:1px solid var(--line);padding:8px 16px;color:var(--muted);font-size:.85rem}
        """
}
