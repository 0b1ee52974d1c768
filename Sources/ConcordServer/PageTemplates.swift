import Mustache

/// The HTML pages as Mustache templates (HTML-escaping every `{{value}}`; only `{{{…}}}` values, which
/// the page models build from escaped text and `<mark>`, are inserted as markup). Kept in the binary, so
/// the server needs no files beside it and works offline.
enum PageTemplates {
    static func library() throws -> MustacheLibrary {
        var library = MustacheLibrary()
        try library.register(header, named: "header")
        try library.register(footer, named: "footer")
        try library.register(search, named: "search")
        try library.register(record, named: "record")
        try library.register(problem, named: "problem")
        return library
    }

    static let header = """
        <!doctype html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>{{pageTitle}} · Concord</title>
        <style>{{{stylesheet}}}</style>
        </head>
        <body>
        <a class="skip" href="#main">Skip to content</a>
        <header class="site">
        <p class="name"><a href="/">Concord</a>{{#documents}} <span class="count">· {{documents}} records</span>{{/documents}}</p>
        <form role="search" action="/" method="get" class="search">
        <div class="row">
        <label for="q" class="visually-hidden">Search the archive</label>
        <input type="search" id="q" name="q" value="{{form.query}}" placeholder="Search the archive" autocomplete="off">
        <button type="submit">Search</button>
        </div>
        <div class="row options">
        <label for="sort">Sort</label>
        <select id="sort" name="sort">
        {{#form.sorts}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{label}}</option>{{/form.sorts}}
        </select>
        <label for="from">From</label>
        <input id="from" name="from" value="{{form.from}}" placeholder="1950" size="10" inputmode="numeric" pattern="[0-9]{1,4}(-[0-9]{1,2}){0,2}" title="a year, year-month or year-month-day">
        <label for="to">To</label>
        <input id="to" name="to" value="{{form.to}}" placeholder="1953-07-27" size="10" inputmode="numeric" pattern="[0-9]{1,4}(-[0-9]{1,2}){0,2}" title="a year, year-month or year-month-day">
        {{#form.facets}}<input type="hidden" name="facet" value="{{.}}">{{/form.facets}}
        {{#form.limit}}<input type="hidden" name="limit" value="{{form.limit}}">{{/form.limit}}
        </div>
        </form>
        </header>
        """

    static let footer = """
        <footer class="site"><p>Served by Concord · <a href="/api/stats">index statistics (JSON)</a></p></footer>
        </body>
        </html>
        """

    static let search = """
        {{> header}}
        <main id="main">
        {{#error}}
        <section class="problem" role="alert" aria-labelledby="problem-heading">
        <h1 id="problem-heading">The query cannot be read</h1>
        <p>{{message}}</p>
        {{#pointer}}<p class="pointer">At character {{position}}: <code>{{before}}<mark>{{at}}</mark>{{after}}</code></p>{{/pointer}}
        </section>
        {{/error}}
        {{#suggestion}}<p class="suggestion">Did you mean <a href="{{href}}">{{text}}</a>?</p>{{/suggestion}}
        {{#noResults}}
        <section class="empty" aria-labelledby="empty-heading">
        <h1 id="empty-heading">No results for “{{query}}”</h1>
        {{#filtered}}<p>Only records dated {{filtered}} were searched. <a href="{{unfilteredHref}}">Search all dates</a>.</p>{{/filtered}}
        <p>Try fewer or other words, check the spelling, or use a word ending in * to match its variants.</p>
        </section>
        {{/noResults}}
        {{#pastEnd}}
        <section class="empty" aria-labelledby="empty-heading">
        <h1 id="empty-heading">No results on page {{page}}</h1>
        <p>“{{query}}” has {{total}} results. <a href="{{firstHref}}">Go to the first page</a>.</p>
        </section>
        {{/pastEnd}}
        {{#hasResults}}
        <div class="columns">
        <section class="results" aria-labelledby="range">
        <h1 id="range" class="range">Results {{first}}–{{last}} of {{total}}</h1>
        <ol class="hits" start="{{first}}">
        {{#results}}
        <li class="hit">
        {{#date}}<p class="date"><time datetime="{{iso}}">{{display}}</time></p>{{/date}}
        <h2 class="title"><a href="{{href}}">{{title}}</a></h2>
        {{#hasSnippet}}<p class="snippet">{{{snippetHTML}}}</p>{{/hasSnippet}}
        <p class="meta"><span class="id">{{id}}</span> · <span class="source">{{source}}</span>{{#snippetFrom}} · from the {{snippetFrom}}{{/snippetFrom}}{{#fields}} · {{name}}: {{value}}{{/fields}}</p>
        </li>
        {{/results}}
        </ol>
        {{#hasPages}}
        <nav class="pages" aria-label="Result pages">
        <ul>
        {{#firstPage}}<li><a href="{{href}}" rel="first">« First</a></li>{{/firstPage}}
        {{#previousPage}}<li><a href="{{href}}" rel="prev">‹ Previous</a></li>{{/previousPage}}
        {{#pageLinks}}<li>{{#current}}<span aria-current="page">{{number}}</span>{{/current}}{{^current}}<a href="{{href}}">{{number}}</a>{{/current}}</li>{{/pageLinks}}
        {{#nextPage}}<li><a href="{{href}}" rel="next">Next ›</a></li>{{/nextPage}}
        {{#lastPage}}<li><a href="{{href}}" rel="last">Last »</a></li>{{/lastPage}}
        </ul>
        </nav>
        {{/hasPages}}
        </section>
        {{#hasFacets}}
        <aside class="facets" aria-label="Narrow the results">
        {{#facets}}
        <section aria-labelledby="facet-{{name}}">
        <h2 id="facet-{{name}}">By {{name}}</h2>
        <ul class="facet">
        {{#counts}}<li><a href="{{href}}"{{#selected}} aria-current="true"{{/selected}}><span class="value">{{value}}</span> <span class="count">{{count}}</span><span class="bar" style="width:{{percent}}%"></span></a></li>{{/counts}}
        </ul>
        </section>
        {{/facets}}
        </aside>
        {{/hasFacets}}
        </div>
        {{/hasResults}}
        {{#welcome}}
        <section class="welcome" aria-labelledby="welcome-heading">
        <h1 id="welcome-heading">Search the archive</h1>
        <p>Words rank by relevance; "quoted words" match a phrase; +word is required and -word excluded. Narrow by date with From and To (a year, a month such as 1950-10, or a day), and sort oldest or newest first.</p>
        </section>
        {{/welcome}}
        </main>
        {{> footer}}
        """

    static let record = """
        {{> header}}
        <main id="main">
        <article class="record" aria-labelledby="record-title">
        {{#backHref}}<p class="back"><a href="{{backHref}}">← Back to the results</a></p>{{/backHref}}
        {{#date}}<p class="date"><time datetime="{{iso}}">{{display}}</time></p>{{/date}}
        <h1 id="record-title">{{{titleHTML}}}</h1>
        {{#hasFields}}<dl class="fields">{{#fields}}<dt>{{name}}</dt><dd>{{value}}</dd>{{/fields}}</dl>{{/hasFields}}
        {{#hasSummary}}<section aria-labelledby="summary-heading"><h2 id="summary-heading">Summary</h2><p>{{{summaryHTML}}}</p></section>{{/hasSummary}}
        {{#hasBody}}<section aria-labelledby="body-heading"><h2 id="body-heading">Text</h2>{{#paragraphs}}<p>{{{html}}}</p>{{/paragraphs}}</section>{{/hasBody}}
        <dl class="provenance"><dt>Id</dt><dd>{{id}}</dd><dt>Source</dt><dd>{{source}}</dd>{{#language}}<dt>Language</dt><dd>{{language}}</dd>{{/language}}<dt>JSON</dt><dd><a href="{{jsonHref}}">{{jsonHref}}</a></dd></dl>
        </article>
        </main>
        {{> footer}}
        """

    static let problem = """
        {{> header}}
        <main id="main">
        <section class="problem" role="alert" aria-labelledby="problem-heading">
        <h1 id="problem-heading">{{heading}}</h1>
        <p>{{message}}</p>
        <p><a href="/">Start a new search</a></p>
        </section>
        </main>
        {{> footer}}
        """
}
