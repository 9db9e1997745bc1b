//! The result tabs. [`Tab::ALL`] is the one list of them: the nav draws it in its order, share
//! links and the saved view name a tab by its `link`, tests find it by `tab-{testid}`. The panel
//! that shows a tab's body is a `match` on [`Tab`] (components/tab_panel.rs), so the compiler
//! asks for a body when a tab is added.

/// A tab. Its position here is its index in [`Tab::ALL`] (checked by a test).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Tab {
    Timeline,
    Changes,
    Validation,
    Tenancy,
    Erd,
    Policies,
    Advisor,
    Leaks,
    Compare,
    Tables,
    Export,
    Shim,
}

/// What every place that lists tabs needs to know about one.
#[derive(Debug)]
pub struct TabInfo {
    pub tab: Tab,
    /// The nav button's text.
    pub label: &'static str,
    /// `data-testid="tab-{testid}"` on the nav button.
    pub testid: &'static str,
    /// The name in share links (`#p=…` view) — never change one: old links carry it.
    pub link: &'static str,
}

impl Tab {
    /// Every tab, in nav order (the order of the enum).
    pub const ALL: &'static [TabInfo] = &[
        TabInfo { tab: Tab::Timeline, label: "Timeline", testid: "timeline", link: "timeline" },
        TabInfo {
            tab: Tab::Changes,
            label: "Changes · rollback",
            testid: "changes",
            link: "changes",
        },
        TabInfo {
            tab: Tab::Validation,
            label: "Validation",
            testid: "validation",
            link: "validation",
        },
        TabInfo { tab: Tab::Tenancy, label: "Tenancy", testid: "tenancy", link: "tenancy" },
        TabInfo { tab: Tab::Erd, label: "ERD", testid: "erd", link: "erd" },
        TabInfo { tab: Tab::Policies, label: "Policies", testid: "policies", link: "policies" },
        TabInfo { tab: Tab::Advisor, label: "Advisor", testid: "advisor", link: "advisor" },
        TabInfo { tab: Tab::Leaks, label: "Leaks", testid: "leaks", link: "leaks" },
        TabInfo { tab: Tab::Compare, label: "Compare", testid: "compare", link: "compare" },
        TabInfo { tab: Tab::Tables, label: "Tables", testid: "tables", link: "tables" },
        TabInfo { tab: Tab::Export, label: "Export", testid: "export", link: "export" },
        TabInfo { tab: Tab::Shim, label: "Profile", testid: "shim", link: "profile" },
    ];

    pub fn info(self) -> &'static TabInfo {
        &Tab::ALL[self as usize]
    }

    /// The name used in share links.
    pub fn as_str(self) -> &'static str {
        self.info().link
    }

    pub fn parse(s: &str) -> Option<Tab> {
        Tab::ALL.iter().find(|i| i.link == s).map(|i| i.tab)
    }
}

#[cfg(test)]
mod tests {
    use super::Tab;
    use std::collections::BTreeSet;

    #[test]
    fn all_lists_every_tab_once_at_its_own_index() {
        for (i, info) in Tab::ALL.iter().enumerate() {
            assert_eq!(info.tab as usize, i, "{:?} is not at its index in Tab::ALL", info.tab);
        }
        // The enum's last variant closes the list: a tab added after it without an entry would
        // index past the end.
        assert_eq!(Tab::ALL.len(), Tab::Shim as usize + 1);
        for field in [
            |i: &super::TabInfo| i.label,
            |i: &super::TabInfo| i.testid,
            |i: &super::TabInfo| i.link,
        ] {
            let names: BTreeSet<&str> = Tab::ALL.iter().map(field).collect();
            assert_eq!(names.len(), Tab::ALL.len(), "two tabs share a label, testid or link name");
        }
    }

    #[test]
    fn link_names_round_trip_and_stay_what_old_links_say() {
        for info in Tab::ALL {
            assert_eq!(Tab::parse(info.tab.as_str()), Some(info.tab));
        }
        // Names links made before this list existed carry.
        assert_eq!(Tab::parse("profile"), Some(Tab::Shim));
        assert_eq!(Tab::parse("erd"), Some(Tab::Erd));
        assert_eq!(Tab::parse("compare"), Some(Tab::Compare));
        assert_eq!(Tab::parse("shim"), None);
    }
}
