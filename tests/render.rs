//! Rendered answers, as a person reads them in a terminal (snapshots).

mod common;

use treatybot::cli::render::{self, Marks};
use treatybot::present::{Lang, Reader};

#[test]
fn who_karasin_reads_well() {
    insta::assert_snapshot!(render::text(
        &common::ask("/who Karasin"),
        Marks::markdown(),
        Reader::typed(Lang::En)
    ));
}

#[test]
fn when_1956_reads_well() {
    insta::assert_snapshot!(render::text(
        &common::ask("/when 1956"),
        Marks::markdown(),
        Reader::typed(Lang::En)
    ));
}
