//! Discord's size limits in one place, and the few text operations every outgoing string goes
//! through: fitting a text to a limit, and making user text inert (no markdown, no mentions, no way
//! out of a code block).
//!
//! Lengths are counted the way Discord counts them: in Unicode code points (`chars()`), never bytes.
//! The limits are plain numbers so that this module stays free of Discord types; `src/discord/`
//! applies them.

use std::borrow::Cow;

/// Message `content` sent by a bot.
pub const MESSAGE_CONTENT_MAX: usize = 2000;
/// Embeds in one message.
pub const EMBEDS_PER_MESSAGE_MAX: usize = 10;
/// Embed title.
pub const EMBED_TITLE_MAX: usize = 256;
/// Embed description.
pub const EMBED_DESCRIPTION_MAX: usize = 4096;
/// Fields in one embed.
pub const EMBED_FIELDS_MAX: usize = 25;
/// Embed field name.
pub const EMBED_FIELD_NAME_MAX: usize = 256;
/// Embed field value.
pub const EMBED_FIELD_VALUE_MAX: usize = 1024;
/// Embed footer text.
pub const EMBED_FOOTER_MAX: usize = 2048;
/// Embed author name.
pub const EMBED_AUTHOR_MAX: usize = 256;
/// Title, description, field names and values, footer and author of all embeds of a message together.
pub const EMBED_TOTAL_MAX: usize = 6000;
/// Action rows in one message.
pub const ACTION_ROWS_MAX: usize = 5;
/// Buttons in one action row (a select menu takes a whole row).
pub const BUTTONS_PER_ROW_MAX: usize = 5;
/// A component's `custom_id` (and a modal's).
pub const CUSTOM_ID_MAX: usize = 100;
/// Button label.
pub const BUTTON_LABEL_MAX: usize = 80;
/// Options of one select menu.
pub const SELECT_OPTIONS_MAX: usize = 25;
/// Select option label, value and description (each).
pub const SELECT_OPTION_TEXT_MAX: usize = 100;
/// Select menu placeholder.
pub const SELECT_PLACEHOLDER_MAX: usize = 150;
/// Modal title.
pub const MODAL_TITLE_MAX: usize = 45;
/// Components (text inputs) of one modal.
pub const MODAL_COMPONENTS_MAX: usize = 5;
/// Text input value, and the largest `max_length` it may ask for.
pub const TEXT_INPUT_VALUE_MAX: usize = 4000;
/// Text input label.
pub const TEXT_INPUT_LABEL_MAX: usize = 45;
/// Text input placeholder.
pub const TEXT_INPUT_PLACEHOLDER_MAX: usize = 100;
/// Thread name.
pub const THREAD_NAME_MAX: usize = 100;
/// Slash command name (lowercase).
pub const COMMAND_NAME_MAX: usize = 32;
/// Slash command and option description.
pub const COMMAND_DESCRIPTION_MAX: usize = 100;
/// Options of one slash command.
pub const COMMAND_OPTIONS_MAX: usize = 25;
/// Choices of one option.
pub const COMMAND_CHOICES_MAX: usize = 25;
/// Choice name and value.
pub const CHOICE_VALUE_MAX: usize = 100;

/// Marks a text that was cut short.
pub const ELLIPSIS: char = '…';
/// Invisible; placed after `@` (or `<`) it stops Discord from reading a mention, without changing
/// what a person sees.
pub const ZERO_WIDTH_JOINER: char = '\u{200D}';
/// Invisible; placed between backticks it stops them from closing a code block.
pub const ZERO_WIDTH_SPACE: char = '\u{200B}';

/// Number of code points, the unit of every Discord limit.
pub fn char_count(text: &str) -> usize {
    text.chars().count()
}

/// `text` if it has at most `max_chars` code points, else its longest prefix (trailing whitespace
/// dropped) that leaves room for `…`, followed by `…`.
///
/// Never splits a code point and never returns more than `max_chars`; text already within the limit
/// comes back unchanged (borrowed), so fitting twice is the same as fitting once.
pub fn fit(text: &str, max_chars: usize) -> Cow<'_, str> {
    // Byte index of the code point number `max_chars`, if the text has one: only then is it too long.
    let Some((cut_at_limit, _)) = text.char_indices().nth(max_chars) else {
        return Cow::Borrowed(text);
    };
    if max_chars == 0 {
        return Cow::Owned(String::new());
    }
    // Keep `max_chars - 1` code points to leave room for the ellipsis.
    let keep_end = text[..cut_at_limit].char_indices().last().map_or(0, |(i, _)| i);
    let kept = text[..keep_end].trim_end();
    let mut out = String::with_capacity(kept.len() + ELLIPSIS.len_utf8());
    out.push_str(kept);
    out.push(ELLIPSIS);
    Cow::Owned(out)
}

/// [`fit`] for an owned string: no copy when it already fits.
pub fn fit_string(text: String, max_chars: usize) -> String {
    match fit(&text, max_chars) {
        Cow::Borrowed(_) => text,
        Cow::Owned(cut) => cut,
    }
}

/// `text` if it is not blank, else `fallback`: Discord refuses empty embed field names and values,
/// labels and thread names.
pub fn non_blank<'a>(text: &'a str, fallback: &'a str) -> &'a str {
    if text.trim().is_empty() { fallback } else { text }
}

/// One line: every run of whitespace (newlines included) and control characters becomes one space,
/// and the ends are trimmed. For thread names, labels and list lines, where a newline would not
/// render or would break the layout.
pub fn one_line(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pending_space = false;
    for c in text.chars() {
        if c.is_whitespace() || c.is_control() {
            pending_space = !out.is_empty();
        } else {
            if pending_space {
                out.push(' ');
                pending_space = false;
            }
            out.push(c);
        }
    }
    out
}

/// Stops user text from rendering as a mention: `@everyone` and `@here` (any case) get a zero-width
/// joiner after the `@`, and so do `<@…>`, `<@&…>`, `<#…>` and `</…>` after the `<`. The text looks
/// the same to a person; Discord no longer reads a mention in it. `allowed_mentions` remains the
/// guarantee against pings; this keeps the text from even looking like one.
///
/// Idempotent: a neutralised text has nothing left to neutralise.
pub fn neutralise_mentions(text: &str) -> Cow<'_, str> {
    if !text.contains(['@', '<']) {
        return Cow::Borrowed(text);
    }
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len() + 8);
    let mut changed = false;
    for (i, c) in text.char_indices() {
        out.push(c);
        let rest = &bytes[i + c.len_utf8()..];
        let needs_joiner = match c {
            '@' => starts_with_ignore_case(rest, b"everyone") || starts_with_ignore_case(rest, b"here"),
            '<' => matches!(rest.first(), Some(b'@' | b'#' | b'/')),
            _ => false,
        };
        if needs_joiner {
            out.push(ZERO_WIDTH_JOINER);
            changed = true;
        }
    }
    if changed { Cow::Owned(out) } else { Cow::Borrowed(text) }
}

fn starts_with_ignore_case(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.get(..needle.len()).is_some_and(|h| h.eq_ignore_ascii_case(needle))
}

/// Characters that are markdown wherever they appear.
const INLINE_MARKDOWN: &[char] = &['\\', '*', '_', '~', '`', '|', '[', ']'];
/// Characters that are markdown at the start of a line (headings, quotes, lists, subtext).
const LINE_START_MARKDOWN: &[char] = &['#', '>', '-', '+'];

/// Backslash-escapes Discord markdown so that user text shows as typed: no bold, spoilers, masked
/// links, headings, quotes or lists. Links (`http://`, `https://` up to the next space or `<`) are
/// left as they are so they stay clickable; Discord reads a link before any markdown inside it.
///
/// Does not touch mentions: use [`plain`] for text from users.
pub fn escape_markdown(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8 + 4);
    for line in text.split_inclusive('\n') {
        escape_line(line, &mut out);
    }
    out
}

fn escape_line(line: &str, out: &mut String) {
    let indent_len = line.len() - line.trim_start_matches([' ', '\t']).len();
    out.push_str(&line[..indent_len]);
    let mut rest = &line[indent_len..];
    // Line-start markdown: `# heading`, `> quote`, `- item`, `-# subtext`, `1. item`.
    if let Some(first) = rest.chars().next() {
        if LINE_START_MARKDOWN.contains(&first) {
            out.push('\\');
        } else if first.is_ascii_digit() {
            let digits = rest.len() - rest.trim_start_matches(|c: char| c.is_ascii_digit()).len();
            if rest[digits..].starts_with('.') {
                out.push_str(&rest[..digits]);
                out.push('\\');
                rest = &rest[digits..];
            }
        }
    }
    let mut at_word_start = true;
    let mut in_link = false;
    for (i, c) in rest.char_indices() {
        if c.is_whitespace() || c == '<' {
            in_link = false;
        } else if at_word_start && starts_with_ignore_case(&rest.as_bytes()[i..], b"http") {
            let tail = &rest.as_bytes()[i + 4..];
            in_link = starts_with_ignore_case(tail, b"://") || starts_with_ignore_case(tail, b"s://");
        }
        at_word_start = c.is_whitespace();
        if !in_link && INLINE_MARKDOWN.contains(&c) {
            out.push('\\');
        }
        out.push(c);
    }
}

/// User text made inert for a place where markdown renders (content, embed description, field
/// value): mentions neutralised and markdown escaped. Fit the result afterwards, never before
/// (escaping makes a text longer).
pub fn plain(text: &str) -> String {
    escape_markdown(&neutralise_mentions(text))
}

/// User text as a fenced code block of at most `max_chars` code points, fenced so the text cannot
/// close it: runs of backticks are broken with zero-width spaces, and mentions are neutralised.
/// Returns an empty string when `max_chars` cannot even hold the fences.
pub fn code_block(text: &str, max_chars: usize) -> String {
    const OPEN: &str = "```\n";
    const CLOSE: &str = "\n```";
    let overhead = OPEN.len() + CLOSE.len();
    if max_chars <= overhead {
        return String::new();
    }
    let neutral = neutralise_mentions(text);
    let mut inner = String::with_capacity(neutral.len() + 4);
    let mut previous_was_backtick = false;
    for c in neutral.chars() {
        if c == '`' && previous_was_backtick {
            inner.push(ZERO_WIDTH_SPACE);
        }
        previous_was_backtick = c == '`';
        inner.push(c);
    }
    if inner.trim().is_empty() {
        inner = ZERO_WIDTH_SPACE.to_string();
    }
    let inner = fit(&inner, max_chars - overhead);
    format!("{OPEN}{inner}{CLOSE}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn short_text_comes_back_unchanged_and_borrowed() {
        assert!(matches!(fit("hello", 5), Cow::Borrowed("hello")));
        assert_eq!(fit("", 0), "");
    }

    #[test]
    fn long_text_is_cut_with_an_ellipsis_within_the_limit() {
        assert_eq!(fit("hello world", 7), "hello…");
        assert_eq!(fit("hello world", 8), "hello w…");
        assert_eq!(fit("abcdef", 4), "abc…");
        assert_eq!(fit("abcdef", 1), "…");
        assert_eq!(fit("abcdef", 0), "");
    }

    #[test]
    fn multibyte_characters_are_counted_once_and_never_split() {
        let text = "ñandú 🦀🦀🦀 café";
        assert_eq!(char_count(text), 14);
        assert_eq!(fit(text, 14), text);
        assert_eq!(fit(text, 8), "ñandú 🦀…");
        assert_eq!(char_count(&fit(text, 8)), 8);
    }

    #[test]
    fn everyone_and_here_get_a_zero_width_joiner() {
        let out = neutralise_mentions("hi @everyone and @HERE, mail me@example.com");
        assert_eq!(out, "hi @\u{200D}everyone and @\u{200D}HERE, mail me@example.com");
        assert!(matches!(neutralise_mentions("no mentions"), Cow::Borrowed(_)));
    }

    #[test]
    fn user_role_channel_and_command_mentions_are_neutralised() {
        let out = neutralise_mentions("<@123> <@!5> <@&9> <#7> </ticket:1> a<b");
        assert_eq!(out, "<\u{200D}@123> <\u{200D}@!5> <\u{200D}@&9> <\u{200D}#7> <\u{200D}/ticket:1> a<b");
    }

    #[test]
    fn markdown_is_escaped_but_links_stay_clickable() {
        assert_eq!(escape_markdown("**bold** _it_ ||spoiler||"), r"\*\*bold\*\* \_it\_ \|\|spoiler\|\|");
        assert_eq!(escape_markdown("[click](https://evil.example)"), r"\[click\](https://evil.example)");
        assert_eq!(escape_markdown("see https://x.example/a_b_c now_"), r"see https://x.example/a_b_c now\_");
        assert_eq!(
            escape_markdown("# big\n> quote\n- item\n  12. item"),
            "\\# big\n\\> quote\n\\- item\n  12\\. item"
        );
        assert_eq!(escape_markdown(r"back\slash"), r"back\\slash");
    }

    #[test]
    fn a_code_block_cannot_be_closed_from_inside() {
        let block = code_block("```\n@everyone\n```", 100);
        assert!(block.starts_with("```\n") && block.ends_with("\n```"));
        let inner = &block[4..block.len() - 4];
        assert!(!inner.contains("``"), "{inner:?}");
        assert!(!inner.contains("@everyone"));
        assert_eq!(code_block("x", 8), "");
        assert!(char_count(&code_block(&"a".repeat(500), 50)) <= 50);
    }

    #[test]
    fn one_line_collapses_whitespace_and_controls() {
        assert_eq!(one_line("  a\n\n b\t\u{0}c  "), "a b c");
        assert_eq!(one_line("\n\n"), "");
    }

    #[test]
    fn blank_text_gets_the_fallback() {
        assert_eq!(non_blank("  ", "—"), "—");
        assert_eq!(non_blank("x", "—"), "x");
    }

    proptest! {
        #[test]
        fn fit_never_exceeds_the_limit(text in any::<String>(), max in 0usize..300) {
            prop_assert!(char_count(&fit(&text, max)) <= max);
        }

        #[test]
        fn fit_leaves_text_within_the_limit_unchanged(text in any::<String>(), extra in 0usize..10) {
            let max = char_count(&text) + extra;
            prop_assert_eq!(fit(&text, max), text.as_str());
        }

        #[test]
        fn fit_is_idempotent(text in any::<String>(), max in 0usize..300) {
            let once = fit(&text, max).into_owned();
            prop_assert_eq!(fit(&once, max), once.as_str());
        }

        #[test]
        fn fit_keeps_a_prefix_of_the_input(text in any::<String>(), max in 0usize..300) {
            let out = fit(&text, max);
            let kept = if out == text { &*out } else { out.strip_suffix(ELLIPSIS).unwrap_or(&out) };
            prop_assert!(text.starts_with(kept));
        }

        #[test]
        fn fit_string_agrees_with_fit(text in any::<String>(), max in 0usize..300) {
            prop_assert_eq!(fit_string(text.clone(), max), fit(&text, max).into_owned());
        }

        #[test]
        fn neutralised_text_mentions_nobody(text in "(@|<|everyone|here|@everyone|@here|#|&|[a-z ])*") {
            let out = neutralise_mentions(&text);
            let lower = out.to_lowercase();
            prop_assert!(!lower.contains("@everyone") && !lower.contains("@here"));
            prop_assert!(!out.contains("<@") && !out.contains("<#"));
            prop_assert_eq!(neutralise_mentions(&out), out.clone());
        }

        #[test]
        fn plain_text_never_panics_and_keeps_every_character(text in any::<String>()) {
            let out = plain(&text);
            let stripped: String =
                out.chars().filter(|c| *c != '\\' && *c != ZERO_WIDTH_JOINER).collect();
            let original: String = text.chars().filter(|c| *c != '\\' && *c != ZERO_WIDTH_JOINER).collect();
            prop_assert_eq!(stripped, original);
        }

        #[test]
        fn code_blocks_stay_closed_and_within_the_limit(text in "(`|a|\n| )*", max in 0usize..200) {
            let block = code_block(&text, max);
            prop_assert!(char_count(&block) <= max);
            if !block.is_empty() {
                let inner = &block[4..block.len() - 4];
                prop_assert!(!inner.contains("``"));
            }
        }
    }
}
