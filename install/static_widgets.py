"""Static pictures of Jupyter widgets for the documentation site and the Markdown pages.

A notebook executed through nbclient keeps each widget's last state in its metadata
(`application/vnd.jupyter.widget-state+json`) and, in the outputs, a widget view that points at
that state. A page of the site has no kernel, so what it can show is that last state. ipywidgets'
own answer, `@jupyter-widgets/html-manager`, is a JavaScript bundle of several megabytes that
nbsphinx loads from a CDN and that would need Node.js to vendor into the site; the site must work
opened from disk with nothing from another host, and the docs build needs only Sphinx. So each
widget view becomes a small HTML rendering of its state instead: disabled controls that look like
the widget, with its description and value, placed before the view's `text/plain` form.
"""

import copy
import html

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
WIDGET_STATE = "application/vnd.jupyter.widget-state+json"
MODEL_REFERENCE = "IPY_MODEL_"


def with_static_widgets(nb):
    """A copy of `nb` in which every widget view output shows its last state as HTML.

    The view's model and the models it refers to are looked up in the notebook's widget state; a
    view whose model the state lacks keeps only its text/plain form. The widget view itself is
    dropped from the copy's outputs, so a renderer without a widget manager shows the HTML.
    """
    states = nb.get("metadata", {}).get("widgets", {}).get(WIDGET_STATE, {}).get("state", {})
    result = copy.deepcopy(nb)
    for cell in result.get("cells", []):
        for output in cell.get("outputs", []):
            data = output.get("data")
            if not data or WIDGET_VIEW not in data:
                continue
            view = data.pop(WIDGET_VIEW)
            model_id = view.get("model_id") if isinstance(view, dict) else None
            if model_id in states:
                data["text/html"] = (
                    '<div class="flowbook-widgets" title="the widget as the notebook left it; '
                    'run the notebook in JupyterLab to use it">' + render(model_id, states) + "</div>"
                )
    return result


def render(model_id, states, seen=None):
    """HTML for one model of `states` (id to {model_name, state}) and the models it contains."""
    seen = set() if seen is None else seen
    if model_id in seen or model_id not in states:
        return ""  # a cycle or a dangling reference: nothing to draw
    seen = seen | {model_id}
    model = states[model_id]
    name = model.get("model_name", "")
    state = model.get("state", {})
    renderer = RENDERERS.get(name)
    if renderer is None:
        return f'<span class="flowbook-widget">{html.escape(name.removesuffix("Model"))}</span>'
    return renderer(state, lambda child: render(child, states, seen))


def text(value):
    return html.escape("" if value is None else str(value))


def described(state, control, kind):
    """A control with its description label in front, as ipywidgets lays it out."""
    label = state.get("description") or ""
    label_html = f'<span class="flowbook-widget-label">{text(label)}</span>' if label else ""
    return f'<span class="flowbook-widget flowbook-widget-{kind}">{label_html}{control}</span>'


def slider(state, _):
    value = state.get("value")
    control = (
        f'<input type="range" disabled min="{text(state.get("min"))}" max="{text(state.get("max"))}"'
        f' step="{text(state.get("step"))}" value="{text(value)}">'
    )
    if state.get("readout", True):
        control += f'<span class="flowbook-widget-readout">{text(value)}</span>'
    return described(state, control, "slider")


def progress(state, _):
    bar = (
        f'<progress max="{text(state.get("max"))}" value="{text(state.get("value"))}"'
        f' class="flowbook-widget-bar-{text(state.get("bar_style") or "plain")}"></progress>'
    )
    return described(state, bar, "progress")


def button(state, _):
    style = state.get("button_style") or "plain"
    return (
        f'<button type="button" disabled class="flowbook-widget flowbook-widget-button'
        f' flowbook-widget-button-{text(style)}">{text(state.get("description"))}</button>'
    )


def checkbox(state, _):
    checked = " checked" if state.get("value") else ""
    control = f'<input type="checkbox" disabled{checked}>'
    return described(state, control, "checkbox")


def text_input(state, _):
    control = (
        f'<input type="text" disabled value="{text(state.get("value"))}"'
        f' placeholder="{text(state.get("placeholder"))}">'
    )
    return described(state, control, "text")


def dropdown(state, _):
    labels = state.get("_options_labels") or []
    index = state.get("index")
    options = "".join(
        f'<option{" selected" if i == index else ""}>{text(label)}</option>' for i, label in enumerate(labels)
    )
    return described(state, f"<select disabled>{options}</select>", "dropdown")


def label(state, _):
    return described(state, f"<span>{text(state.get('value'))}</span>", "label")


def html_widget(state, _):
    # The HTML widget's value is markup the notebook's own code set: shown as markup, as in Lab.
    return described(state, f"<span>{state.get('value') or ''}</span>", "html")


def play(state, _):
    control = (
        '<button type="button" disabled class="flowbook-widget-button">&#9654;</button>'
        f'<span class="flowbook-widget-readout">{text(state.get("value"))} / {text(state.get("max"))}</span>'
    )
    return described(state, control, "play")


def box(direction):
    def render_box(state, render_child):
        children = "".join(
            render_child(reference.removeprefix(MODEL_REFERENCE))
            for reference in state.get("children", [])
            if isinstance(reference, str)
        )
        return f'<div class="flowbook-widget flowbook-widget-{direction}">{children}</div>'

    return render_box


def output(state, _):
    texts = []
    for item in state.get("outputs", []):
        if item.get("output_type") == "stream":
            texts.append(item.get("text", ""))
        elif "data" in item:
            texts.append(item["data"].get("text/plain", ""))
    joined = "".join("".join(t) if isinstance(t, list) else t for t in texts)
    return f'<pre class="flowbook-widget flowbook-widget-output">{text(joined)}</pre>'


RENDERERS = {
    "IntSliderModel": slider,
    "FloatSliderModel": slider,
    "IntProgressModel": progress,
    "FloatProgressModel": progress,
    "ButtonModel": button,
    "CheckboxModel": checkbox,
    "TextModel": text_input,
    "DropdownModel": dropdown,
    "LabelModel": label,
    "HTMLModel": html_widget,
    "PlayModel": play,
    "HBoxModel": box("hbox"),
    "VBoxModel": box("vbox"),
    "OutputModel": output,
}
