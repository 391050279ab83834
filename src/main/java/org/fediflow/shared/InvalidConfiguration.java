package org.fediflow.shared;

/** A setting that cannot work; reported at start as one line naming the property. */
public class InvalidConfiguration extends RuntimeException {

    private final String property;

    public InvalidConfiguration(String property, String problem) {
        super(property + ": " + problem);
        this.property = property;
    }

    public String property() {
        return property;
    }
}
