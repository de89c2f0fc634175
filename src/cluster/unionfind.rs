//! Union-find (disjoint sets) over document indices, with a deterministic root.
//!
//! The root of a set is always its smallest member, so the structure after any sequence of
//! unions of the same pairs is the same whatever their order: groups do not depend on input
//! order or thread count. Path halving keeps `find` near constant time without recursion.

use crate::model::DocIndex;

/// Disjoint sets of document indices `0..n`.
#[derive(Debug, Clone)]
pub struct UnionFind {
    parent: Vec<DocIndex>,
}

impl UnionFind {
    /// `n` singleton sets.
    pub fn new(n: usize) -> UnionFind {
        UnionFind {
            parent: (0..n as DocIndex).collect(),
        }
    }

    /// The smallest member of `x`'s set.
    ///
    /// # Panics
    /// If `x` is not below the `n` given to [`UnionFind::new`] (a caller bug, never input).
    pub fn find(&mut self, mut x: DocIndex) -> DocIndex {
        while self.parent[x as usize] != x {
            let grand = self.parent[self.parent[x as usize] as usize];
            self.parent[x as usize] = grand;
            x = grand;
        }
        x
    }

    /// Joins the sets of `a` and `b`; true if they were apart.
    pub fn union(&mut self, a: DocIndex, b: DocIndex) -> bool {
        let (ra, rb) = (self.find(a), self.find(b));
        if ra == rb {
            return false;
        }
        let (low, high) = if ra < rb { (ra, rb) } else { (rb, ra) };
        self.parent[high as usize] = low;
        true
    }

    /// Every set of two or more members, each sorted, the sets ordered by smallest member.
    pub fn sets(&mut self) -> Vec<Vec<DocIndex>> {
        let n = self.parent.len();
        let mut by_root: Vec<Vec<DocIndex>> = vec![Vec::new(); n];
        for x in 0..n as DocIndex {
            let root = self.find(x);
            by_root[root as usize].push(x);
        }
        by_root.into_iter().filter(|s| s.len() > 1).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn unions_make_sets_rooted_at_the_smallest() {
        let mut uf = UnionFind::new(6);
        assert!(uf.union(4, 2));
        assert!(uf.union(5, 4));
        assert!(!uf.union(2, 5));
        assert!(uf.union(0, 1));
        assert_eq!(uf.find(5), 2);
        assert_eq!(uf.sets(), vec![vec![0, 1], vec![2, 4, 5]]);
    }

    proptest! {
        #[test]
        fn any_order_of_unions_gives_the_same_sets(
            pairs in proptest::collection::vec((0u32..40, 0u32..40), 0..60),
            seed in any::<u64>(),
        ) {
            let mut a = UnionFind::new(40);
            for &(x, y) in &pairs {
                a.union(x, y);
            }
            let mut shuffled = pairs.clone();
            crate::cluster::shuffle(&mut shuffled, seed);
            let mut b = UnionFind::new(40);
            for &(x, y) in &shuffled {
                b.union(y, x);
            }
            prop_assert_eq!(a.sets(), b.sets());
        }
    }
}
