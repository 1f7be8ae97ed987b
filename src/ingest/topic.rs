//! Is an ingested article about the dispute? Collections such as a year of world news hold a few
//! stories about the Kuril Islands among thousands about everything else; answers should cite
//! those few first. The seeds are about the dispute by definition.

use crate::corpus::Article;
use crate::extract::{Gazetteer, Mentions};

/// The gazetteer place whose family (itself and everything `part_of` it) is the disputed land.
pub const DISPUTED_PLACE: &str = "Kuril Islands";

/// Whether `article` is about the dispute: it names the Kuril Islands or one of the disputed
/// islands by a proper name (a generic alias such as "the disputed islands" is not enough, since
/// other disputes have islands too), or it speaks of a peace treaty and names both Japan and
/// Russia (or the Soviet Union).
pub fn on_topic(article: &Article, mentions: &[Mentions], gazetteer: &Gazetteer) -> bool {
    let mut family = vec![DISPUTED_PLACE.to_string()];
    let mut i = 0;
    while i < family.len() {
        let parts: Vec<String> = gazetteer
            .parts_of(&family[i])
            .iter()
            .map(|p| p.name.clone())
            .filter(|n| !family.contains(n))
            .collect();
        family.extend(parts);
        i += 1;
    }
    let mut japan = false;
    let mut russia = false;
    let mut treaty = false;
    for (p, m) in article.paragraphs.iter().zip(mentions) {
        for place in &m.places {
            let written = p.text.get(place.start..place.end).unwrap_or_default();
            let proper = written
                .chars()
                .any(|c| c.is_uppercase() || (c.is_alphabetic() && !c.is_ascii()));
            if proper && family.contains(&place.place) {
                return true;
            }
            match place.place.as_str() {
                "Japan" => japan = true,
                "Russia" | "Soviet Union" => russia = true,
                _ => {}
            }
        }
        treaty |= p.text.to_lowercase().contains("peace treaty");
    }
    japan && russia && treaty
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::{ArticleMeta, Paragraph};

    fn article(paragraphs: &[&str]) -> (Article, Vec<Mentions>) {
        let g = Gazetteer::builtin();
        let paragraphs: Vec<Paragraph> = paragraphs
            .iter()
            .enumerate()
            .map(|(i, t)| Paragraph {
                number: i + 1,
                line: 1,
                text: t.to_string(),
                sentences: std::iter::once(0..t.len()).collect(),
            })
            .collect();
        let mentions = paragraphs
            .iter()
            .map(|p| Mentions {
                places: g.find(&p.text),
                ..Mentions::default()
            })
            .collect();
        let meta = ArticleMeta::unknown("a", "t");
        (
            Article {
                meta,
                paragraphs,
                removed: Vec::new(),
            },
            mentions,
        )
    }

    #[test]
    fn the_islands_or_a_japan_russia_peace_treaty_make_an_article_about_the_dispute() {
        let g = Gazetteer::builtin();
        let yes = [
            vec!["Japan protested over missiles deployed on Iturup."],
            vec!["Talks on the southern Kurils resumed."],
            vec![
                "Japan and Russia met in Moscow.",
                "They discussed a peace treaty.",
            ],
        ];
        for ps in yes {
            let (a, m) = article(&ps);
            assert!(on_topic(&a, &m, &g), "{ps:?}");
        }
        let no = [
            vec!["China and Japan quarrel over the disputed islands in the East China Sea."],
            vec!["Russia and Japan played a friendly football match."],
            vec!["The Senate voted on the nomination."],
        ];
        for ps in no {
            let (a, m) = article(&ps);
            assert!(!on_topic(&a, &m, &g), "{ps:?}");
        }
    }
}
