package io.flashsale.coupons.adapter.persistence;

import io.flashsale.coupons.domain.port.out.SingleClaimRepository;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The one-transaction-per-claim designs the coalesced claim path is measured against, each at the
 * isolation level it needs (see each class for why). Bootstrap picks one by
 * {@code coupons.claims.strategy}.
 */
public final class SingleClaimRepositories {

    private final JdbcClient jdbc;
    private final PlatformTransactionManager transactionManager;

    SingleClaimRepositories(JdbcClient jdbc, PlatformTransactionManager transactionManager) {
        this.jdbc = jdbc;
        this.transactionManager = transactionManager;
    }

    /** The row lock first ({@link PessimisticClaimRepository}), then insert and update; READ COMMITTED. */
    public SingleClaimRepository pessimistic() {
        return new PessimisticClaimRepository(jdbc, at(TransactionDefinition.ISOLATION_READ_COMMITTED));
    }

    /** {@code UPDATE ... WHERE remaining_amount > 0}, then insert; READ COMMITTED. */
    public SingleClaimRepository conditional() {
        return new ConditionalClaimRepository(jdbc, at(TransactionDefinition.ISOLATION_READ_COMMITTED));
    }

    /** Plain read, decide, write; SERIALIZABLE, losers retried. */
    public SingleClaimRepository serializable() {
        return new SerializableClaimRepository(jdbc, at(TransactionDefinition.ISOLATION_SERIALIZABLE));
    }

    TransactionTemplate at(int isolationLevel) {
        TransactionTemplate transactions = new TransactionTemplate(transactionManager);
        transactions.setIsolationLevel(isolationLevel);
        return transactions;
    }
}
