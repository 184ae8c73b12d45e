//! Whose language: what each person is written to in, remembered from what Discord says of them
//! (an interaction's locale) or from their `/language` choice.
//!
//! A DM carries no locale, so a conversation in DMs, and every notice deskbot sends later, is in the
//! language remembered for the person. A choice made with `/language` wins over any locale seen
//! afterwards.

use tracing::instrument;

use super::{Desk, ServiceResult};
use crate::domain::{DiscordId, Lang};

impl Desk {
    /// The language to answer `user` in. `locale` is the interaction's, when there is one: it is
    /// remembered (unless the person chose a language) and used when nothing else is known. When
    /// the database cannot be reached, the locale (else English) is used and nothing is lost but the
    /// remembering.
    #[instrument(skip(self))]
    pub async fn reader_lang(&self, user: DiscordId, locale: Option<&str>) -> Lang {
        let seen = locale.map(Lang::from_discord);
        // Most interactions come from someone already known in that language: one read, no write.
        if let Ok(Some(known)) = self.store.user_lang(user).await
            && (seen.is_none() || seen == Some(known))
        {
            return known;
        }
        if let Some(lang) = seen
            && let Err(e) = self.store.save_user_lang(user, lang, false, self.clock.now()).await
        {
            tracing::warn!(error = %e, "the user's language could not be remembered");
        }
        match self.store.user_lang(user).await {
            Ok(Some(lang)) => lang,
            Ok(None) => seen.unwrap_or_default(),
            Err(e) => {
                tracing::warn!(error = %e, "the user's language could not be read");
                seen.unwrap_or_default()
            }
        }
    }

    /// `/language`: `user` is written to in `lang` from now on, whatever their Discord client says.
    #[instrument(skip(self))]
    pub async fn choose_lang(&self, user: DiscordId, lang: Lang) -> ServiceResult<()> {
        Ok(self.store.save_user_lang(user, lang, true, self.clock.now()).await?)
    }

    /// The language remembered for `user`, if any (for what is sent outside an interaction).
    pub async fn known_lang(&self, user: DiscordId) -> Option<Lang> {
        self.store.user_lang(user).await.unwrap_or_else(|e| {
            tracing::warn!(error = %e, "the user's language could not be read");
            None
        })
    }
}
