//! The last share link made, in a field to copy by hand (the clipboard may be refused).

use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub link: AttrValue,
    pub on_close: Callback<()>,
}

#[function_component]
pub fn ShareLinkBox(p: &Props) -> Html {
    let select_all = Callback::from(|e: FocusEvent| {
        e.target_unchecked_into::<web_sys::HtmlInputElement>().select()
    });
    html! {
        <div class="share-link" data-testid="share-link-box">
            <input readonly=true value={p.link.clone()} data-testid="share-link" aria-label="Share link" onfocus={select_all} />
            <button class="icon" aria-label="Close" onclick={p.on_close.reform(|_| ())}>{"×"}</button>
        </div>
    }
}
