package io.flashsale.coupons.domain.port.out;

/** Storage could not be reached or did not answer in time; nothing was changed, or the change is unknown. */
public final class StorageUnavailableException extends RuntimeException {

    public StorageUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
