//! Place distractors: places of the answer's kind (an island for an island, a city for a city),
//! never a party, a place inside or around the answer, or one the sentence names; and, when the
//! sentence puts the place inside another ("in northeastern China", "the Siberian city of"),
//! only places inside that one, or none.

use super::Candidate;
use crate::extract::Gazetteer;
use crate::quiz::generate::blanks::Blank;
use crate::quiz::generate::material::Pools;

/// Places of the answer's kind, within the sentence's frame when it has one.
pub(super) fn candidates(
    b: &Blank,
    pools: &Pools,
    absent: &dyn Fn(&str) -> bool,
) -> Vec<Candidate> {
    let g = &pools.gazetteer;
    let Some(me) = g.get(&b.key) else {
        return Vec::new();
    };
    // A place of no known kind has no fair distractors.
    let Some(kind) = me.kind() else {
        return Vec::new();
    };
    g.places()
        .iter()
        .filter(|p| {
            p.name != me.name
                && p.kind() == Some(kind)
                && !pools.parties.contains(&p.name)
                && !related(g, &p.name, &me.name)
                && p.all_names().iter().all(|n| absent(n))
                && b.within
                    .as_deref()
                    .is_none_or(|outer| p.name != outer && within(g, &p.name, outer))
        })
        .map(|p| Candidate::best(p.name.clone()))
        .collect()
}

/// Whether place `inner` is `outer` or lies within it, by the gazetteer's `part_of`.
pub(crate) fn within(g: &Gazetteer, inner: &str, outer: &str) -> bool {
    let mut at = g.get(inner);
    let mut steps = 0;
    while let Some(p) = at {
        if p.name == outer {
            return true;
        }
        at = p.part_of.as_deref().and_then(|n| g.get(n));
        steps += 1;
        if steps > 16 {
            break;
        }
    }
    false
}

/// Whether a place is `name` or lies within it, or contains it: both would be right answers.
fn related(g: &Gazetteer, a: &str, b: &str) -> bool {
    within(g, a, b) || within(g, b, a)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::PlaceKind;

    #[test]
    fn places_inside_each_other_are_related() {
        let g = Gazetteer::builtin();
        assert!(related(&g, "Kunashir", "Kuril Islands"));
        assert!(related(&g, "Southern Kuril Islands", "Kunashir"));
        assert!(!related(&g, "Sakhalin", "Kunashir"));
        assert!(within(&g, "Sochi", "Russia"));
        assert!(!within(&g, "Russia", "Sochi"));
    }

    #[test]
    fn a_gazetteer_without_kinds_is_read_from_its_descriptions() {
        let g = Gazetteer::parse(
            r#"
            [[place]]
            name = "Old Kingdom"
            about = "A state that took the islets in 1900."
            [[place]]
            name = "Harbour"
            about = "Port town on the east coast."
            [[place]]
            name = "Grey Sea"
            about = "The sea between the two coasts."
            [[place]]
            name = "Nowhere"
            about = "Somewhere."
            "#,
        )
        .unwrap();
        let kind = |n: &str| g.get(n).unwrap().kind();
        assert_eq!(kind("Old Kingdom"), Some(PlaceKind::Country));
        assert_eq!(kind("Harbour"), Some(PlaceKind::City));
        assert_eq!(kind("Grey Sea"), Some(PlaceKind::Sea));
        assert_eq!(kind("Nowhere"), None);
    }
}
