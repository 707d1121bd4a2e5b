/**
 * Editor help: completion, inspection with Javadoc (the JDK's and the library's, {@code
 * LibraryDocs}), completeness for consoles, and the session's history.
 */
package flowbook.kernel.editor;
