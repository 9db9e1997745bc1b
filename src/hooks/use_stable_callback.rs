//! A callback that stays the same object across renders while always calling the latest one
//! given: props that carry it compare equal (Yew compares callbacks by pointer), so passing
//! it down does not re-render a child that nothing else changed for.

use yew::prelude::*;

#[hook]
pub fn use_stable_callback<IN: 'static>(latest: Callback<IN>) -> Callback<IN> {
    let slot = use_mut_ref(|| latest.clone());
    *slot.borrow_mut() = latest;
    let stable = use_memo((), move |_| {
        Callback::from(move |x: IN| {
            // Out of the cell first: emitting may render, and the render sets the cell.
            let cb = slot.borrow().clone();
            cb.emit(x)
        })
    });
    (*stable).clone()
}
