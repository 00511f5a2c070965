using System.Collections.Frozen;
using System.Text;
using System.Text.RegularExpressions;
using AngleSharp.Css.Dom;
using AngleSharp.Css.Parser;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using AngleSharp.Html.Parser.Tokens.Struct;
using DefectorLens.Core;
using DefectorLens.Core.Model;

namespace DefectorLens.Interop.Import;

/// <summary>Imports a saved web page as one source: its article's title, byline, date and text, without navigation or adverts.</summary>
/// <remarks>
/// Metadata comes from the page's own markup (Open Graph and article meta tags, <c>&lt;time&gt;</c>, bylines). The
/// article is the <c>&lt;article&gt;</c> or <c>&lt;main&gt;</c> element, or else the block holding the most paragraph
/// text; navigation, headers, footers, asides, forms, scripts and elements whose class or id names an advert, a share
/// bar, a comment list or a related-links box are removed first. A page with less article text than a short paragraph
/// is refused rather than stored as a source made of menu items.
/// </remarks>
internal static partial class HtmlImporter
{
    // A page's article is at least a short paragraph; less is a cookie notice or a link list.
    private const int ShortestArticle = 80;

    // The tokenizer keeps only what the import reads: no element positions, comments, script or style text, and of the
    // attributes only those the selectors and metadata below look at.
    private static readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> ReadAttributes =
        FrozenSet.Create(StringComparer.OrdinalIgnoreCase, "class", "id", "role", "itemprop", "rel", "href", "property", "name", "content", "datetime", "lang")
            .GetAlternateLookup<ReadOnlySpan<char>>();

    private static readonly HtmlParser Parser = new(new HtmlParserOptions
    {
        DisableElementPositionTracking = true,
        SkipComments = true,
        SkipScriptText = true,
        SkipRawText = true,
        SkipCDATA = true,
        SkipProcessingInstructions = true,
        ShouldEmitAttribute = static (ref StructHtmlToken _, ReadOnlyMemory<char> name) => ReadAttributes.Contains(name.Span),
    });

    private static readonly string[] Boilerplate =
        ["script", "style", "noscript", "template", "nav", "header", "footer", "aside", "form", "iframe", "svg", "button", "select", "figure figcaption"];

    private static readonly string[] Bylines = ["[rel=author]", "[itemprop=author]", ".byline", ".author"];

    private static readonly string[] TextBlocks = ["p", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "pre"];

    // Selectors parsed once: AngleSharp parses a selector given as text at every query, a dozen times a page. A node's
    // ChildNodes.QuerySelector* searches what node.QuerySelector* does: the node's descendants.
    private static readonly CssSelectorParser SelectorParser = new();
    private static readonly ISelector Headline = Selector("article h1, main h1, h1");
    private static readonly ISelector ByAuthor = Selector(string.Join(", ", Bylines));
    private static readonly ISelector Time = Selector("time[datetime]");
    private static readonly ISelector Canonical = Selector("link[rel=canonical]");
    private static readonly ISelector Meta = Selector("meta");
    private static readonly ISelector Removed = Selector(string.Join(", ", [.. Boilerplate, .. Bylines]));
    private static readonly ISelector Named = Selector("[class], [id], [role]");
    private static readonly ISelector Article = Selector("article");
    private static readonly ISelector Main = Selector("main, [role=main], [itemprop=articleBody]");
    private static readonly ISelector Paragraph = Selector("p");

    /// <summary>Reads a web page's bytes into a source.</summary>
    public static ImportResult Import(string path, byte[] bytes, ImportContext context, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var errors = new InputErrorList(path);
        var html = TextDecoding.Decode(bytes, errors);
        if (html is null)
        {
            return ImportResult.Failed(errors);
        }

        using var document = Parser.ParseDocument(html);
        var metadata = ReadMetadata(document);
        RemoveBoilerplate(document);
        var article = FindArticle(document);
        var text = article is null ? "" : ArticleText(article);
        if (text.Length < ShortestArticle)
        {
            errors.Add(null, Messages.HtmlNoArticle);
        }

        var id = Documents.IdFromFileName(path, errors);
        if (id is { } sourceId)
        {
            Documents.CheckNew(sourceId, context, errors, line: null);
        }

        if (errors.Any || id is null)
        {
            return ImportResult.Failed(errors);
        }

        var title = metadata.Title.Length > 0 ? metadata.Title : Documents.Title(Documents.FirstLine(text));
        return Documents.Accept(path, bytes, id.Value, metadata with { Title = title }, text, [], context);
    }

    private static SourceMetadata ReadMetadata(IDocument document)
    {
        var metas = Metas(document);
        var title = metas.GetValueOrDefault("og:title") ?? document.ChildNodes.QuerySelector(Headline)?.TextContent ?? document.Title;
        var author = metas.GetValueOrDefault("author") ?? metas.GetValueOrDefault("article:author")
            ?? document.ChildNodes.QuerySelector(ByAuthor)?.TextContent;
        var published = metas.GetValueOrDefault("article:published_time") ?? metas.GetValueOrDefault("date") ?? metas.GetValueOrDefault("dc.date")
            ?? document.ChildNodes.QuerySelector(Time)?.GetAttribute("datetime");
        var url = document.ChildNodes.QuerySelector(Canonical)?.GetAttribute("href") ?? metas.GetValueOrDefault("og:url");
        var language = document.DocumentElement.GetAttribute("lang") is { Length: >= 2 } lang ? Languages.Normalise(lang[..2]) : null;
        return new SourceMetadata
        {
            Title = Documents.Title(Squeeze(title ?? "")),
            Author = Clean(author) is { } byline ? Byline().Replace(byline, "") : null,
            Outlet = Clean(metas.GetValueOrDefault("og:site_name")),
            Url = Clean(url),
            Published = published is null ? null : PartialDate.TryParse(published.Trim()[..Math.Min(10, published.Trim().Length)]),
            Language = language,
            Medium = Medium.News,
        };
    }

    // Read in one pass over the page's meta tags, the first of each name winning, rather than one pass per name looked up.
    private static Dictionary<string, string?> Metas(IDocument document)
    {
        var metas = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var meta in document.ChildNodes.QuerySelectorAll(Meta))
        {
            if ((meta.GetAttribute("property") ?? meta.GetAttribute("name")) is { } name)
            {
                metas.TryAdd(name, meta.GetAttribute("content"));
            }
        }

        return metas;
    }

    private static void RemoveBoilerplate(IDocument document)
    {
        // Bylines are metadata, read already; left in, every article would start with its author's name.
        foreach (var element in document.ChildNodes.QuerySelectorAll(Removed).ToList())
        {
            element.Remove();
        }

        foreach (var element in document.ChildNodes.QuerySelectorAll(Named).ToList())
        {
            var names = string.Join(' ', element.ClassName, element.Id, element.GetAttribute("role"));
            if (NotArticle().IsMatch(names) && element.LocalName is not ("article" or "main" or "body" or "html"))
            {
                element.Remove();
            }
        }
    }

    private static IElement? FindArticle(IDocument document)
    {
        var marked = document.ChildNodes.QuerySelector(Article) ?? document.ChildNodes.QuerySelector(Main);
        if (marked is not null && BlockText(marked) >= ShortestArticle)
        {
            return marked;
        }

        // No marked article: the element whose own paragraphs hold the most text.
        return document.ChildNodes.QuerySelectorAll(Paragraph)
            .Select(paragraph => paragraph.ParentElement)
            .OfType<IElement>()
            .Distinct()
            .MaxBy(parent => parent.Children.Where(child => child.LocalName == "p").Sum(TextLength))
            ?? document.Body;
    }

    // The length of the element's TextContent, counted without making the string.
    private static int TextLength(INode node)
    {
        var length = 0;
        foreach (var child in node.ChildNodes)
        {
            length += child is IText text ? text.Data.Length : TextLength(child);
        }

        return length;
    }

    // The text of the blocks below the element, a block inside another counted with each: what summing every block's
    // TextContent gives, counted without making those strings.
    private static int BlockText(INode node, int blocks = 0)
    {
        var length = 0;
        foreach (var child in node.ChildNodes)
        {
            length += child switch
            {
                IText text => text.Data.Length * blocks,
                IElement element => BlockText(element, IsTextBlock(element) ? blocks + 1 : blocks),
                _ => 0,
            };
        }

        return length;
    }

    // The outermost text blocks below the article, each squeezed, with a blank line between them; the article's whole
    // text squeezed when it has none. Written straight into one builder as the tree is walked: a string for each
    // block's TextContent, then another squeezed, cost more than parsing the page.
    private static string ArticleText(IElement article)
    {
        var text = new StringBuilder();
        if (!IsTextBlock(article) && !article.Ancestors<IElement>().Any(IsTextBlock))
        {
            AppendBlocks(article, text);
        }

        if (text.Length == 0)
        {
            new Squeezer(text).Append(article);
        }

        return text.ToString();
    }

    private static void AppendBlocks(IElement element, StringBuilder text)
    {
        foreach (var child in element.Children)
        {
            if (!IsTextBlock(child))
            {
                AppendBlocks(child, text);
                continue;
            }

            new Squeezer(text).Append(child);
        }
    }

    private static bool IsTextBlock(IElement element) => TextBlocks.Contains(element.LocalName, StringComparer.Ordinal);

    /// <summary>
    /// Appends text with each run of white space as one space, trimmed at both ends, after a blank line if the builder
    /// holds some text already; appends nothing when the text is all white space.
    /// </summary>
    private struct Squeezer(StringBuilder text)
    {
        private readonly bool _separate = text.Length > 0;
        private bool _started;
        private bool _space;

        public void Append(INode node)
        {
            foreach (var child in node.ChildNodes)
            {
                if (child is IText leaf)
                {
                    Append(leaf.Data);
                }
                else
                {
                    Append(child);
                }
            }
        }

        public void Append(string data)
        {
            foreach (var c in data)
            {
                if (char.IsWhiteSpace(c))
                {
                    _space = _started;
                    continue;
                }

                if (!_started)
                {
                    text.Append(_separate ? "\n\n" : "");
                    _started = true;
                }
                else if (_space)
                {
                    text.Append(' ');
                }

                _space = false;
                text.Append(c);
            }
        }
    }

    private static ISelector Selector(string text) => SelectorParser.ParseSelector(text) ?? throw new ArgumentException($"not a selector: {text}", nameof(text));

    private static string? Clean(string? value) => value is null ? null : Squeeze(value) is { Length: > 0 } text ? text : null;

    // Each run of white space as one space, trimmed.
    private static string Squeeze(string text)
    {
        var squeezed = new StringBuilder(text.Length);
        new Squeezer(squeezed).Append(text);
        return squeezed.ToString();
    }

    [GeneratedRegex(@"^(by|par|von|بقلم)\s+", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex Byline();

    [GeneratedRegex(@"(^|[\s_-])(ad|ads|advert|advertisement|banner|promo|sponsor|sponsored|share|social|comments?|related|newsletter|cookie|menu|sidebar|breadcrumbs?|navigation|subscribe|popup|outbrain|taboola)([\s_-]|$)", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex NotArticle();
}
