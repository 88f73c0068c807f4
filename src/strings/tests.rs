use super::*;

fn src(files: &[(&str, &str)]) -> Vec<(PathBuf, String)> {
    files.iter().map(|(p, t)| (PathBuf::from(p), t.to_string())).collect()
}

fn src_small() -> Vec<(PathBuf, String)> {
    src(&[
        (
            "theme/i18n/en.yaml",
            "nav:\n  latest: Latest\n  archive: Archive\ncount:\n  briefings:\n    one: \"{n} briefing\"\n    other: \"{n} briefings\"\nfooter:\n  times_are: Times are {zone}\n",
        ),
        (
            "theme/i18n/ru.yaml",
            "nav:\n  latest: Последние\ncount:\n  briefings:\n    one: \"{n} сводка\"\n    few: \"{n} сводки\"\n    many: \"{n} сводок\"\n    other: \"{n} сводки\"\n",
        ),
        ("theme/i18n/de.yaml", "nav:\n  latest: Neueste\n  archive: Archiv\n"),
        ("site/i18n/de.yaml", "nav:\n  latest: Aktuell\n"),
        ("theme/i18n/zh.yaml", "nav:\n  latest: 最新\n"),
    ])
}

fn small() -> Strings {
    Strings::from_sources(src_small(), "en").unwrap()
}

#[test]
fn russian_plurals_follow_cldr() {
    let s = small();
    let got: Vec<String> =
        [1, 2, 5, 11, 21, 22, 25, 111].iter().map(|n| s.lookup("ru", "count.briefings", Some(*n)).unwrap()).collect();
    assert_eq!(
        got,
        ["1 сводка", "2 сводки", "5 сводок", "11 сводок", "21 сводка", "22 сводки", "25 сводок", "111 сводок"]
    );
}

#[test]
fn site_file_overrides_theme_key_by_key() {
    let s = small();
    assert_eq!(s.lookup("de", "nav.latest", None).unwrap(), "Aktuell");
    assert_eq!(s.lookup("de", "nav.archive", None).unwrap(), "Archiv");
}

#[test]
fn missing_keys_fall_back_and_are_listed() {
    let s = small();
    assert_eq!(s.lookup("ru", "nav.archive", None).unwrap(), "Archive");
    // The English fallback uses English plural rules.
    assert_eq!(s.lookup("de", "count.briefings", Some(1)).unwrap(), "1 briefing");
    assert_eq!(s.missing("ru"), ["footer.times_are", "nav.archive"]);
    assert_eq!(s.lookup("de-AT", "nav.latest", None).unwrap(), "Aktuell");
    // Traditional Chinese does not borrow Simplified.
    assert_eq!(s.lookup("zh-TW", "nav.latest", None).unwrap(), "Latest");
    assert_eq!(s.lookup("zh_cn", "nav.latest", None).unwrap(), "最新");
    assert_eq!(s.lookup("ru", "nope", None), Err(Missing { lang: "ru".into(), key: "nope".into() }));
}

/// A site's strings for one taxonomy, the theme's generic ones, and which wins where.
#[test]
fn a_taxonomys_strings_fall_back_to_the_generic_ones_language_by_language() {
    let s = Strings::from_sources(
        src(&[
            (
                "theme/i18n/en.yaml",
                "taxonomy:\n  empty: No terms yet.\n  count:\n    one: \"{n} term\"\n    other: \"{n} terms\"\n",
            ),
            (
                "theme/i18n/fr.yaml",
                "taxonomy:\n  empty: Aucun terme.\n  count:\n    one: \"{n} terme\"\n    other: \"{n} termes\"\n",
            ),
            ("site/i18n/en.yaml", "taxonomies:\n  topics:\n    title: Topics\n    empty: No topics yet.\n"),
        ]),
        "en",
    )
    .unwrap();
    let fr = s.for_language("fr");
    let get = |s: &Strings, key: &str| s.lookup(s.default_lang(), key, Some(3)).unwrap();
    assert_eq!(get(&s, "taxonomies.topics.empty"), "No topics yet.", "the site's own string first");
    assert_eq!(get(&s, "taxonomies.topics.count"), "3 terms", "else the generic one");
    assert_eq!(get(&fr, "taxonomies.topics.empty"), "Aucun terme.", "the reader's language before the site's English");
    assert_eq!(get(&fr, "taxonomies.topics.title"), "Topics", "no generic title: the site's, in English");
    assert_eq!(get(&fr, "taxonomies.regions.count"), "3 termes");
    assert!(s.lookup("en", "taxonomies.topics.nope", None).is_err());
    // What `t(key=…)` alone returns, made ahead, agrees.
    assert_eq!(fr.ready.get("taxonomies.topics.empty").map(|v| v.to_string()), Some("Aucun terme.".into()));
    // French lacks the title (shown in English), not the strings it has generically.
    assert_eq!(fr.missing("fr"), ["taxonomies.topics.title"]);
}

#[test]
fn placeholders_are_filled() {
    let s = small();
    assert_eq!(s.format("en", "footer.times_are", None, &[("zone", "Asia/Seoul")]).unwrap(), "Times are Asia/Seoul");
    assert_eq!(s.lookup("en", "footer.times_are", None).unwrap(), "Times are {zone}");
    // `{n}` given as an argument (not a count) is filled too: a list's page number.
    assert_eq!(s.format("en", "count.briefings", None, &[("n", "7")]).unwrap(), "7 briefings");
    assert_eq!(substitute("a {x} {y} { } {", |n| (n == "x").then(|| "1".into())), "a 1 {y} { } {");
    assert_eq!(placeholders("{n} of {total}, {}"), BTreeSet::from(["n".to_string(), "total".to_string()]));
}

#[test]
fn yaml_errors_carry_file_line_and_column() {
    let e =
        Strings::from_sources(src(&[("i18n/fr.yaml", "nav:\n  latest: Derniers\n  archive: 3\n")]), "en").unwrap_err();
    assert_eq!(e[0].file, PathBuf::from("i18n/fr.yaml"));
    assert_eq!(e[0].line, 3, "{}", e[0]);
    assert!(e[0].column >= 3, "{}", e[0]);
    let e = Strings::from_sources(src(&[("i18n/fr.yaml", "nav:\n  latest: [oops\n")]), "en").unwrap_err();
    assert!(e[0].line >= 2, "{}", e[0]);
    let e = Strings::from_sources(src(&[("i18n/fr.yaml", "a: x\nb:\n  one: y\n")]), "en").unwrap_err();
    assert!(e[0].message.contains("other"), "{}", e[0]);
    let e = Strings::from_sources(src(&[("i18n/fr.yaml", "a: x\na: y\n")]), "en").unwrap_err();
    // serde_yaml places an error raised by the map visitor at the map's start, not the key.
    assert!(e[0].message.contains("duplicate key `a`"), "{}", e[0]);
}

#[test]
fn tera_function_uses_the_site_language_or_lang_and_escapes() {
    // The site's language is the default language of the strings.
    let s = Arc::new(Strings::from_sources(src_small(), "ru").unwrap());
    let mut tera = Tera::default();
    Strings::register(s, &mut tera);
    tera.add_raw_template(
        "p.html",
        "{{ t(key=\"nav.latest\") }}|{{ t(key=\"count.briefings\", n=n) }}|{{ t(key=\"footer.times_are\", zone=z) }}|{{ t(key=\"footer.times_are\", zone=h | safe) }}|{{ t(key=\"nav.latest\", lang=\"de\") }}",
    )
    .unwrap();
    let mut ctx = tera::Context::new();
    ctx.insert("n", &3);
    ctx.insert("z", "<b>");
    ctx.insert("h", "<b>");
    assert_eq!(tera.render("p.html", &ctx).unwrap(), "Последние|3 сводки|Times are &lt;b&gt;|Times are <b>|Aktuell");
    // An unknown key is a render error.
    tera.add_raw_template("bad.html", "{{ t(key=\"nope\") }}").unwrap();
    assert!(tera.render("bad.html", &ctx).is_err());
}

/// `t(key=…, n=…)` is remembered per key, count and escaping: the same call in an
/// escaping template and in one that does not escape gives each its own text, the
/// second time as the first.
#[test]
fn counted_calls_are_remembered_per_count_and_escaping() {
    let s = Arc::new(
        Strings::from_sources(
            src(&[("theme/i18n/en.yaml", "c:\n  one: \"{n} <one>\"\n  other: \"{n} <many> & co\"\n")]),
            "en",
        )
        .unwrap(),
    );
    let mut tera = Tera::default();
    Strings::register(s, &mut tera);
    // The arguments in either order are the same call.
    let body = "{{ t(key=\"c\", n=1) }}|{{ t(key=\"c\", n=2) }}|{{ t(key=\"c\", n=1) }}|{{ t(key=\"c\", n=k) }}|{{ t(n=1, key=\"c\") }}";
    tera.add_raw_template("p.html", body).unwrap();
    tera.add_raw_template("p.txt", body).unwrap();
    let mut ctx = tera::Context::new();
    ctx.insert("k", &2);
    let html = "1 &lt;one&gt;|2 &lt;many&gt; &amp; co|1 &lt;one&gt;|2 &lt;many&gt; &amp; co|1 &lt;one&gt;";
    let text = "1 <one>|2 <many> & co|1 <one>|2 <many> & co|1 <one>";
    for _ in 0..2 {
        assert_eq!(tera.render("p.html", &ctx).unwrap(), html);
        assert_eq!(tera.render("p.txt", &ctx).unwrap(), text);
    }
}

#[test]
fn load_reads_theme_then_site() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("themes/custom/i18n")).unwrap();
    std::fs::create_dir_all(dir.path().join("i18n")).unwrap();
    std::fs::write(dir.path().join("themes/custom/i18n/en.yaml"), "a: theme\nb: theme\n").unwrap();
    std::fs::write(dir.path().join("i18n/en.yaml"), "b: site\n").unwrap();
    let s = crate::templates::load_strings(dir.path(), "custom", "en").unwrap();
    assert_eq!(
        (s.lookup("en", "a", None).unwrap(), s.lookup("en", "b", None).unwrap()),
        ("theme".into(), "site".into())
    );
}

// ---- the shipped language files ------------------------------------------------

const SHIPPED: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/themes/default/i18n");

fn shipped() -> std::sync::Arc<Strings> {
    crate::templates::load_strings(std::path::Path::new(env!("CARGO_MANIFEST_DIR")), "default", "en")
        .unwrap_or_else(|e| panic!("{}", e.iter().map(|e| e.to_string()).collect::<Vec<_>>().join("\n")))
}

#[test]
fn shipped_languages_are_complete() {
    let s = shipped();
    let want = [
        "ar", "de", "en", "es", "fa", "fr", "he", "hi", "id", "it", "ja", "ko", "ms", "nl", "pl", "pt", "ru", "sv",
        "th", "tr", "uk", "vi", "zh", "zh-TW",
    ];
    for l in want {
        assert!(s.languages().contains(&l), "no {SHIPPED}/{l}.yaml");
    }
    let mut problems = Vec::new();
    for l in s.languages() {
        for k in s.missing(l) {
            problems.push(format!("{l}: missing {k}"));
        }
        for (k, c) in s.missing_forms(l) {
            problems.push(format!("{l}: {k} lacks the `{c}` form"));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// The generic strings the default theme uses where a site's taxonomy at
/// `site.tags_url` is not `tags` (home rail, 404 page, search page): each language file
/// has them itself, so no edition falls back to English for them.
#[test]
fn shipped_languages_have_the_generic_strings_of_the_taxonomy_at_the_tags_url() {
    let s = shipped();
    let keys = ["taxonomy.top", "taxonomy.all", "taxonomy.link", "taxonomy.search", "taxonomy.noscript"];
    let mut problems = Vec::new();
    for l in s.languages() {
        for k in keys {
            if !s.langs[l].entries.contains_key(k) {
                problems.push(format!("{l}: no `{k}` in {SHIPPED}/{l}.yaml"));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    // The title goes in as it is: every generic text holds it, or the link made of it.
    let all = s.forms("pl", "taxonomies.categories.all").unwrap();
    assert_eq!(all.keys().map(String::as_str).collect::<Vec<_>>(), ["few", "many", "one", "other"]);
    assert_eq!(
        s.format("pl", "taxonomies.categories.all", Some(5), &[("taxonomy", "Kategorie")]).unwrap(),
        "Kategorie: łącznie 5"
    );
    assert_eq!(
        s.format("en", "taxonomies.categories.all", Some(1), &[("taxonomy", "Categories")]).unwrap(),
        "Categories: 1"
    );
}

#[test]
fn shipped_translations_keep_the_placeholders() {
    let s = shipped();
    let en = &s.langs["en"];
    let mut problems = Vec::new();
    for l in s.languages() {
        let rules = s.langs[l].rules.as_ref();
        let single = |c: &str| {
            rules.is_some_and(|r| (0..=1000u64).filter(|n| category_name(r.category_for(*n)) == c).count() == 1)
        };
        for (key, e) in &s.langs[l].entries {
            let Some(reference) = en.entries.get(key) else {
                problems.push(format!("{l}: `{key}` is not in en.yaml"));
                continue;
            };
            let texts = |e: &Entry| match e {
                Entry::Text(t) => vec![t.clone()],
                Entry::Plural(m) => m.values().cloned().collect(),
            };
            let want: BTreeSet<String> =
                texts(reference).iter().flat_map(|t| placeholders(t)).filter(|p| p != "n").collect();
            let forms: Vec<(String, String)> = match e {
                Entry::Text(t) => vec![("other".into(), t.clone())],
                Entry::Plural(m) => m.iter().map(|(c, t)| (c.clone(), t.clone())).collect(),
            };
            for (cat, t) in forms {
                let got: BTreeSet<String> = placeholders(&t).into_iter().filter(|p| p != "n").collect();
                // An unknown placeholder is always a typo; a dropped one only in a form for
                // exactly one number (Arabic "إحاطتان", where "showing the first 50" can't arise).
                if !got.is_subset(&want) || (got != want && !single(&cat)) {
                    problems.push(format!("{l}: `{key}` has {got:?}, en has {want:?}: {t}"));
                }
            }
        }
        // Where the reference shows the count, every form must, except a category
        // that only one whole number takes (Arabic "إحاطتان" is exactly 2).
        for (key, e) in &s.langs[l].entries {
            if let (Entry::Plural(m), Some(Entry::Plural(r))) = (e, en.entries.get(key))
                && r.values().all(|t| t.contains("{n}"))
                && m.iter().any(|(c, t)| !t.contains("{n}") && !single(c))
            {
                problems.push(format!("{l}: `{key}` loses {{n}} in a form"));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn cldr_categories_are_the_expected_ones() {
    let s = shipped();
    let cats = |l: &str| s.needed_categories(l);
    assert_eq!(cats("ru"), ["one", "few", "many", "other"]);
    assert_eq!(cats("pl"), ["one", "few", "many", "other"]);
    assert_eq!(cats("ar"), ["zero", "one", "two", "few", "many", "other"]);
    assert_eq!(cats("he"), ["one", "two", "other"]);
    assert_eq!(cats("fr"), ["one", "many", "other"]);
    // CLDR 49 gives Vietnamese a `one` form (ICU4X 2.4); the words are the same.
    assert_eq!(cats("vi"), ["one", "other"]);
    for l in ["ja", "ko", "zh", "zh-TW", "id", "th", "ms"] {
        assert_eq!(cats(l), ["other"], "{l}");
    }
}

#[test]
#[ignore]
fn demo() {
    let s = shipped();
    for (l, k) in [
        ("ar", "count.briefings"),
        ("fr", "count.briefings"),
        ("he", "count.briefings"),
        ("pl", "count.briefings"),
        ("ja", "count.briefings"),
    ] {
        let v: Vec<String> =
            [0, 1, 2, 3, 5, 11, 22, 100, 1_000_000].iter().map(|n| s.lookup(l, k, Some(*n)).unwrap()).collect();
        println!("{l}: {}", v.join(" | "));
    }
    println!("{}", s.languages().len());
}
