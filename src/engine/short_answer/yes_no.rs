//! "Did …? / Is …?": yes or no, from a sentence that states the event or its negation.

use super::*;

pub(super) fn yes_no(q: &Question, v: &View, sup: &Support) -> Option<Found> {
    let event = v.event_clause()?;
    let clause: Vec<&Tok> = v.toks.iter().filter(|t| t.clause == event).collect();
    let verbs: Vec<usize> = clause
        .iter()
        .enumerate()
        .filter(|(_, t)| t.matched && !t.text.starts_with(char::is_uppercase))
        .map(|(i, _)| i)
        .collect();
    // The question's verb, where the sentence writes it ("the town had never voted"): a noun
    // of the question before it ("town") is not where its negation stands.
    let verb = q.event_verb.or(q.verb).map(|v| &q.terms[v]);
    let first = verbs
        .iter()
        .copied()
        .find(|&i| verb.is_some_and(|t| t.matches(&clause[i].stem)))
        .or(verbs.first().copied())?;
    let before: Vec<&str> = clause[first.saturating_sub(3)..first]
        .iter()
        .map(|t| t.lower.as_str())
        .collect();
    // A negation governs the verb when only auxiliaries and adverbs stand between them ("did not
    // ever sign"); "weren't limited to praising" negates "limited", not the praising.
    let negated = before.iter().enumerate().any(|(i, w)| {
        matches!(*w, "not" | "never" | "t" | "no" | "neither" | "nor")
            && before[i + 1..].iter().all(|w| {
                matches!(
                    *w,
                    "be" | "been"
                        | "being"
                        | "have"
                        | "has"
                        | "had"
                        | "ever"
                        | "yet"
                        | "even"
                        | "also"
                        | "really"
                        | "actually"
                        | "formally"
                        | "officially"
                        | "publicly"
                        | "once"
                        | "so"
                        | "far"
                )
            })
    }) || before
        .windows(2)
        .any(|w| matches!(w, ["failed", "to"] | ["refused", "to"] | ["declined", "to"]))
        || before
            .last()
            .is_some_and(|w| matches!(*w, "failed" | "refused" | "declined"));
    let hedged = clause[..first].iter().any(|t| {
        matches!(
            t.lower.as_str(),
            "will"
                | "would"
                | "could"
                | "may"
                | "might"
                | "expected"
                | "plans"
                | "planned"
                | "hopes"
                | "hoped"
                | "if"
                | "whether"
                | "should"
                | "can"
                | "want"
                | "wants"
                | "likely"
                | "ready"
                | "aim"
                | "aims"
                | "seek"
                | "seeks"
        )
    });
    // "agreed to cede", "insisting they are to be returned": wanted or promised, not done.
    let wanted = clause[..first].iter().any(|t| {
        matches!(
            t.lower.as_str(),
            "agreed"
                | "agree"
                | "insist"
                | "insists"
                | "insisted"
                | "insisting"
                | "demand"
                | "demands"
                | "demanded"
                | "urged"
                | "proposed"
                | "promised"
                | "pledged"
                | "offered"
                | "asked"
                | "called"
        )
    }) || first > 0 && clause[first - 1].lower == "to"
        || first > 1 && clause[first - 1].lower == "be" && clause[first - 2].lower == "to";
    if (hedged || wanted) && !negated {
        return None;
    }
    // "it was not appropriate to order the quashing": a negation elsewhere in the clause may
    // turn the event either way; no answer.
    let negation_elsewhere = clause.iter().enumerate().any(|(i, t)| {
        (i + 3 < first || i > first) && matches!(t.lower.as_str(), "not" | "never" | "t" | "no")
    });
    if negation_elsewhere {
        return None;
    }
    // A "yes" needs the question's names in the sentence itself, not only around it.
    let names_here = q
        .terms
        .iter()
        .filter(|t| t.name)
        .all(|t| v.toks.iter().any(|k| t.stems.contains(&k.stem)));
    if !negated && !names_here {
        return None;
    }
    // A yes states the whole proposition in one sentence: a word of the question written only
    // around it (in the next sentence, which may deny it) is not stated.
    if !negated && sup.around > 0 {
        return None;
    }
    // "since it did not join …": the clause without the word that tied it to the sentence.
    let from = usize::from(
        clause.len() > 1
            && matches!(
                clause[0].lower.as_str(),
                "since" | "because" | "while" | "but" | "and" | "although" | "though" | "as"
            ),
    );
    let span = clause[from].at.start..clause[clause.len() - 1].at.end;
    Some(Found {
        value: v.between(span.start, span.end).to_string(),
        span,
        written: None,
        yes: Some(!negated),
        fit: if negated { 1.0 } else { 0.8 },
    })
}
