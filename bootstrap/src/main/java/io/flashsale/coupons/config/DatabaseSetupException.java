package io.flashsale.coupons.config;

/** The application has no database to run on; carries what the operator should do about it. */
public class DatabaseSetupException extends IllegalStateException {

    private final String action;

    public DatabaseSetupException(String message, String action, Throwable cause) {
        super(message, cause);
        this.action = action;
    }

    public String action() {
        return action;
    }
}
