/**
 * Editor help: completion, inspection with Javadoc (the JDK's and the library's, {@link
 * flowbook.kernel.editor.LibraryDocs}), completeness for consoles, and the session's history.
 */
package flowbook.kernel.editor;
