use super::*;

#[test]
fn heading_ids_and_toc() {
    let r = render("# Intro\n\ntext\n\n## Intro\n\n## Custom {#mine}\n");
    assert_eq!(
        r.html,
        "<h1 id=\"intro\">Intro</h1>\n<p>text</p>\n<h2 id=\"intro-1\">Intro</h2>\n<h2 id=\"mine\">Custom</h2>\n"
    );
    let ids: Vec<_> = r.toc.iter().map(|t| (t.level, t.id.as_str())).collect();
    assert_eq!(ids, vec![(1, "intro"), (2, "intro-1"), (2, "mine")]);
}

#[test]
fn more_marker_and_first_paragraph() {
    let r = render("First *para*.\n\nSecond.\n\n<!-- more -->\n\nRest.\n");
    assert_eq!(r.first_paragraph.as_deref(), Some("<p>First <em>para</em>.</p>\n"));
    assert_eq!(r.before_more.as_deref(), Some("<p>First <em>para</em>.</p>\n<p>Second.</p>\n"));
}

#[test]
fn extensions_are_on() {
    let r = render(
        "| a | b |\n|---|---|\n| 1 | 2 |\n\n~~gone~~ \"quoted\"\n\n- [x] done\n\nNote[^1].\n\n[^1]: The note.\n",
    );
    for needle in
        ["<table>", "<del>gone</del>", "\u{201c}quoted\u{201d}", "aria-label=\"done\"", "id=\"fn-1\"", "href=\"#fn-1\""]
    {
        assert!(r.html.contains(needle), "missing {needle} in {}", r.html);
    }
}

#[test]
fn words_match_split_whitespace() {
    for body in [
        "a  b\u{a0}c\td\u{2003}e",
        "*x*y z\n\nnext para",
        "`code` and **bold**text",
        "  lead\n- item one\n- item\u{85}two\n",
        "| a | b |\n|---|---|\n| c d | e |\n",
        "“Quoted” words -- and don't\u{3000}stop  here\u{2028}now",
        "x\u{a0}\u{a0}y z ",
    ] {
        let r = render(body);
        let mut raw = String::new();
        for e in pulldown_cmark::Parser::new_ext(body, options()) {
            match e {
                Event::Text(t) | Event::Code(t) => raw.push_str(&t),
                Event::SoftBreak
                | Event::HardBreak
                | Event::End(
                    TagEnd::Paragraph
                    | TagEnd::Heading(_)
                    | TagEnd::Item
                    | TagEnd::TableCell
                    | TagEnd::BlockQuote(_)
                    | TagEnd::CodeBlock
                    | TagEnd::FootnoteDefinition,
                ) => raw.push(' '),
                _ => {}
            }
        }
        let expected: Vec<&str> = raw.split_whitespace().collect();
        assert_eq!(r.word_count, expected.len(), "{body:?}");
        assert_eq!(r.text.split(' ').collect::<Vec<_>>(), expected, "{body:?}");
    }
}

#[test]
fn github_alerts_are_notes_with_a_title() {
    let r = render("> [!WARNING]\n> Roads are *closed*.\n\n> [!NOTE]\n> One.\n>\n> Two.\n\n> Plain quote.\n");
    assert_eq!(
        r.html,
        "<div class=\"alert alert-warning\" role=\"note\">\n<p class=\"alert-title\">Warning</p>\n<p>Roads are <em>closed</em>.</p>\n</div>\n\
         <div class=\"alert alert-note\" role=\"note\">\n<p class=\"alert-title\">Note</p>\n<p>One.</p>\n<p>Two.</p>\n</div>\n\
         <blockquote>\n<p>Plain quote.</p>\n</blockquote>\n"
    );
    for (kind, title) in [("TIP", "Tip"), ("IMPORTANT", "Important"), ("CAUTION", "Caution")] {
        let html = render(&format!("> [!{kind}]\n> x\n")).html;
        let class = kind.to_lowercase();
        assert!(
            html.starts_with(&format!(
                "<div class=\"alert alert-{class}\" role=\"note\">\n<p class=\"alert-title\">{title}</p>"
            )),
            "{html}"
        );
    }
    // The title is decoration: the words are the alert's text.
    assert_eq!(r.text, "Roads are closed. One. Two. Plain quote.");
}

#[test]
fn an_image_with_a_title_alone_in_its_paragraph_is_a_figure() {
    let r = render(
        "![A map](map.png \"The <border> area\")\n\nText ![icon](i.png \"Icon\") inline.\n\n![No title](x.png)\n",
    );
    assert_eq!(
        r.html,
        "<figure><img src=\"map.png\" alt=\"A map\" /><figcaption>The &lt;border&gt; area</figcaption></figure>\n\
         <p>Text <img src=\"i.png\" alt=\"icon\" title=\"Icon\" /> inline.</p>\n\
         <p><img src=\"x.png\" alt=\"No title\" /></p>\n"
    );
    // A figure is not the first paragraph (summaries stay text).
    assert_eq!(
        r.first_paragraph.as_deref(),
        Some("<p>Text <img src=\"i.png\" alt=\"icon\" title=\"Icon\" /> inline.</p>\n")
    );
    assert_eq!(r.text, "A map The <border> area Text icon inline. No title");
}

#[test]
fn title_heading_is_dropped_and_headings_shift_under_the_h1() {
    let on = |title| Settings { title: Some(title), shift_headings: true };
    let r = render_with("# The Plan\n\nText.\n\n### Why {#why}\n\n#### Detail\n", &on("the  plan"));
    assert_eq!(r.html, "<p>Text.</p>\n<h2 id=\"why\">Why</h2>\n<h3 id=\"detail\">Detail</h3>\n");
    let levels: Vec<(u8, &str)> = r.toc.iter().map(|t| (t.level, t.id.as_str())).collect();
    assert_eq!(levels, vec![(2, "why"), (3, "detail")]);
    // A first heading that is not the title stays, and body <h1>s move down.
    let r = render_with("# Other\n\n###### Deep\n", &on("The Plan"));
    assert_eq!(r.html, "<h2 id=\"other\">Other</h2>\n<h6 id=\"deep\">Deep</h6>\n");
    // Only a heading that opens the body is the title.
    let r = render_with("Intro.\n\n## The Plan\n", &on("The Plan"));
    assert_eq!(r.html, "<p>Intro.</p>\n<h2 id=\"the-plan\">The Plan</h2>\n");
    // Shifting off: levels as written.
    let r = render_with("### Why\n", &Settings { title: None, shift_headings: false });
    assert_eq!(r.html, "<h3 id=\"why\">Why</h3>\n");
}

#[test]
fn loose_comparison_ignores_case_spaces_and_smart_punctuation() {
    assert_eq!(loose("  Kim’s  “Plan” – now…"), loose("kim's \"plan\" -- now..."));
    assert_ne!(loose("Plan A"), loose("Plan B"));
}

#[test]
fn code_is_highlighted_with_classes() {
    let body = "```rust\nfn main() {\n    println!(\"hi <b>\");\n}\n```\n\n\
                ```python\ndef f(x):\n    return x * 2  # twice\n```\n\n\
                ```bash\nbrief build --drafts -o \"$OUT\"\n```\n\n\
                ```json\n{\"title\": \"x\", \"tags\": [1, true, null]}\n```\n";
    let r = render(body);
    assert!(!r.html.contains("style="));
    assert_eq!(r.unknown_langs, vec![]);
    insta::assert_snapshot!(r.html);
    // Code still counts as words and search text.
    assert!(r.text.starts_with("fn main() { println!(\"hi <b>\"); }"), "{}", r.text);
}

#[test]
fn unknown_and_missing_languages_stay_plain() {
    let r = render("Text\n\n```klingon\nqapla'\n```\n\n```\nplain\n```\n\n    indented\n");
    assert_eq!(
        r.html,
        "<p>Text</p>\n<pre><code class=\"language-klingon\">qapla'\n</code></pre>\n<pre><code>plain\n</code></pre>\n<pre><code>indented\n</code></pre>\n"
    );
    assert_eq!(r.unknown_langs, vec![UnknownLang { lang: "klingon".into(), line: 3, col: 4 }]);
}

#[test]
fn words_are_counted() {
    let r = render("One two `three`.\n\n- four\n- five six\n");
    assert_eq!(r.word_count, 6);
    assert_eq!(r.text, "One two three. four five six");
}

/// ooni/ooni.org's Arabic report on Egypt's blocking of BBC and Alhurra writes its text
/// in raw `<p dir="rtl">` blocks; its first Markdown paragraph is a chart,
/// `![Chart: Blocking of BBC and Alhurra in Egypt](/post/…/eg-bbc-alhurra-2019.png)`,
/// and the summary taken from it was empty: no meta description, nothing on list pages
/// or in feeds. A paragraph of images alone is passed over, as a figure is.
#[test]
fn a_paragraph_of_images_alone_is_not_the_first_paragraph() {
    let r = render(
        "![Chart: Blocking of BBC and Alhurra in Egypt](/post/eg.png)\n\n![](a.png) ![](b.png)\n\nالمصدر: قياسات OONI: مصر\n",
    );
    assert_eq!(r.first_paragraph.as_deref(), Some("<p>المصدر: قياسات OONI: مصر</p>\n"));
    let r = render("![](a.png) and `x`\n\nNext.\n");
    assert_eq!(r.first_paragraph.as_deref(), Some("<p><img src=\"a.png\" alt=\"\" /> and <code>x</code></p>\n"));
}

/// The same Arabic report writes every paragraph as `<p dir="rtl">…</p>`: the first of
/// them is the summary, as it is the first paragraph a reader sees.
#[test]
fn a_raw_html_paragraph_can_be_the_first_paragraph() {
    let body = "<p dir=\"rtl\">\nفي نهاية الأسبوع الماضي ،<a href=\"https://www.bbc.com/news\"> اندلعت الاحتجاجات</a>.</p>\n\n![Chart](/post/eg.png)\n\nالمصدر.\n";
    let r = render(body);
    assert_eq!(
        r.first_paragraph.as_deref(),
        Some(
            "<p dir=\"rtl\">\nفي نهاية الأسبوع الماضي ،<a href=\"https://www.bbc.com/news\"> اندلعت الاحتجاجات</a>.</p>"
        )
    );
    // Its paragraphs follow one another without a blank line: one HTML block, whose
    // first element alone is the first paragraph.
    let r = render("<p dir=\"rtl\">\nفي نهاية الأسبوع الماضي.</p>\n<p dir=\"rtl\">\nكانت الاحتجاجات نادرة.<p/>\n");
    assert_eq!(r.first_paragraph.as_deref(), Some("<p dir=\"rtl\">\nفي نهاية الأسبوع الماضي.</p>"));
    // Other blocks, and `<p>` blocks without text, are not paragraphs of text.
    let r = render("<div class=\"note\">\nA note.\n</div>\n\n<p></p>\n\n<pre>code</pre>\n\nText.\n");
    assert_eq!(r.first_paragraph.as_deref(), Some("<p>Text.</p>\n"));
}
