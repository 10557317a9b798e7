package io.flashsale.coupons.adapter.persistence;

import io.flashsale.coupons.domain.port.out.StorageUnavailableException;
import java.util.function.Supplier;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.transaction.TransactionException;

/**
 * Runs one storage call and keeps Spring's exceptions inside the adapter: an unreachable or
 * overloaded database becomes {@link StorageUnavailableException}, which callers may retry; any
 * other failure is a bug and stays an unchecked error without SQL in its message.
 */
final class StorageCalls {

    private StorageCalls() {}

    static <T> T call(String what, Supplier<T> call) {
        try {
            return call.get();
        } catch (TransientDataAccessException
                | RecoverableDataAccessException
                | DataAccessResourceFailureException
                | TransactionException e) {
            throw new StorageUnavailableException(what + ": storage unavailable", e);
        } catch (DataAccessException e) {
            throw new IllegalStateException(what + " failed", e);
        }
    }
}
