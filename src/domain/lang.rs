//! The languages deskbot speaks: English, Spanish, Italian and German (the organisation's four).
//!
//! A [`Lang`] is read from what Discord says of a person (an interaction's `locale`, a server's
//! `preferred_locale`) or from a stored choice (`/language`). Anything deskbot does not speak reads
//! as English, the language every text exists in.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// One of the languages of the message catalogue.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    #[default]
    En,
    Es,
    It,
    De,
}

impl Lang {
    /// Every language, English first.
    pub const ALL: [Lang; 4] = [Lang::En, Lang::Es, Lang::It, Lang::De];

    /// The ISO 639-1 code, as stored and as the catalogue's folders are named (`es`).
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Es => "es",
            Lang::It => "it",
            Lang::De => "de",
        }
    }

    /// The language of a Discord locale (`es-ES`, `es-419`, `de`, `it`, `en-US`); `None` for one
    /// deskbot does not speak (`ja`).
    pub fn from_locale(locale: &str) -> Option<Lang> {
        let primary = locale.trim().split(['-', '_']).next().unwrap_or_default().to_ascii_lowercase();
        match primary.as_str() {
            "en" => Some(Lang::En),
            "es" => Some(Lang::Es),
            "it" => Some(Lang::It),
            "de" => Some(Lang::De),
            _ => None,
        }
    }

    /// [`Lang::from_locale`], English for a language deskbot does not speak.
    pub fn from_discord(locale: &str) -> Lang {
        Lang::from_locale(locale).unwrap_or_default()
    }

    /// The Discord locales that read this language, for the localization fields of command
    /// registration (English is the default text, so it has none).
    pub fn discord_locales(self) -> &'static [&'static str] {
        match self {
            Lang::En => &[],
            Lang::Es => &["es-ES", "es-419"],
            Lang::It => &["it"],
            Lang::De => &["de"],
        }
    }

    /// The language's own name, as offered by `/language`.
    pub fn endonym(self) -> &'static str {
        match self {
            Lang::En => "English",
            Lang::Es => "Español",
            Lang::It => "Italiano",
            Lang::De => "Deutsch",
        }
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// A language code that is not one of deskbot's.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{0}` is not a language deskbot speaks (en, es, it, de)")]
pub struct UnknownLang(pub String);

impl FromStr for Lang {
    type Err = UnknownLang;

    /// A code or a Discord locale of one of the four languages.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Lang::from_locale(s).ok_or_else(|| UnknownLang(s.to_owned()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn discord_locales_read_as_their_language_and_others_as_english() {
        for (locale, lang) in [
            ("en-US", Lang::En),
            ("en-GB", Lang::En),
            ("es-ES", Lang::Es),
            ("es-419", Lang::Es),
            ("it", Lang::It),
            ("de", Lang::De),
            ("ja", Lang::En),
            ("pt-BR", Lang::En),
            ("", Lang::En),
        ] {
            assert_eq!(Lang::from_discord(locale), lang, "{locale}");
        }
        assert_eq!(Lang::from_locale("ja"), None);
    }

    #[test]
    fn codes_read_back() {
        for lang in Lang::ALL {
            assert_eq!(lang.code().parse::<Lang>(), Ok(lang));
        }
        assert!("fr".parse::<Lang>().is_err());
    }
}
