package io.fluxo.sink;

/** The cause chains of a client's exceptions, for the one-line messages that name what really failed. */
public final class Causes {
    private Causes() {
    }

    /** The innermost cause of {@code e} ({@code e} itself when it has none); a cause that is its own ends the walk. */
    public static Throwable root(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root;
    }
}
