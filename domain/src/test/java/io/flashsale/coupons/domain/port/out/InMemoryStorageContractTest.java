package io.flashsale.coupons.domain.port.out;

/** The fake the application tests rely on keeps the repository ports' promises, as the JDBC adapter does. */
class InMemoryStorageContractTest extends RepositoryPortsContract {

    private final InMemoryStorage storage = new InMemoryStorage();

    @Override
    protected CouponRepository coupons() {
        return storage;
    }

    @Override
    protected ClaimRepository claims() {
        return storage;
    }
}
