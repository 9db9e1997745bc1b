//! `Ptr<T>`: an `Rc` whose equality is identity. The run's result, its report and the project
//! reach components as `Ptr`s, so a render compares two pointers instead of walking a
//! `RunResult` or a `Report` to learn that nothing changed. That is exact because nothing edits
//! one in place: the reducer makes a new value (a new allocation) for every change.

use std::fmt;
use std::ops::Deref;
use std::rc::Rc;

pub struct Ptr<T>(Rc<T>);

impl<T> Ptr<T> {
    pub fn new(value: T) -> Self {
        Ptr(Rc::new(value))
    }
}

impl<T: Clone> Ptr<T> {
    /// The value to change: a copy when anyone else holds it (an older state always does), so a
    /// change is always a new pointer.
    pub fn make_mut(&mut self) -> &mut T {
        Rc::make_mut(&mut self.0)
    }
}

impl<T> Clone for Ptr<T> {
    fn clone(&self) -> Self {
        Ptr(Rc::clone(&self.0))
    }
}

impl<T> Deref for Ptr<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.0
    }
}

impl<T> PartialEq for Ptr<T> {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

impl<T: Default> Default for Ptr<T> {
    fn default() -> Self {
        Ptr::new(T::default())
    }
}

impl<T: fmt::Debug> fmt::Debug for Ptr<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

#[cfg(test)]
mod tests {
    use super::Ptr;

    #[test]
    fn equal_values_in_two_allocations_differ_and_a_clone_is_the_same() {
        let a = Ptr::new(vec![1, 2]);
        assert!(a == a.clone());
        assert!(a != Ptr::new(vec![1, 2]));
    }

    #[test]
    fn a_change_to_a_shared_value_is_a_new_pointer() {
        let old = Ptr::new(vec![1]);
        let mut new = old.clone();
        new.make_mut().push(2);
        assert!(old != new);
        assert_eq!(*old, vec![1]);
        assert_eq!(*new, vec![1, 2]);
    }
}
