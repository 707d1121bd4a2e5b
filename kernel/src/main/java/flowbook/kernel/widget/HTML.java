package flowbook.kernel.widget;

/**
 * HTML set by the kernel and redrawn in place: {@code new HTML().value("<b>42</b>")}. ipywidgets'
 * {@code HTML} widget (not escaped: pass text through {@code escapeHtml}).
 */
public final class HTML extends ValueWidget<String, HTML> {
  static final Model MODEL =
      Model.controls("HTML")
          .described()
          .string("placeholder", "\u200b")
          .string("value", "")
          .build();

  /** Empty HTML. */
  public HTML() {
    super(MODEL, Style.HTML);
  }

  /** HTML showing {@code markup}. */
  public HTML(String markup) {
    this();
    value(markup);
  }
}
