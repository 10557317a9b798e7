package io.flashsale.coupons.adapter.persistence;

import io.flashsale.coupons.domain.port.out.ClaimRepository;
import io.flashsale.coupons.domain.port.out.CouponRepository;
import io.flashsale.coupons.domain.port.out.RepositoryPortsContract;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

/** The JDBC adapter keeps the repository ports' promises on a real PostgreSQL, as the in-memory fake does. */
@SpringBootTest(classes = PersistenceTestApplication.class)
class JdbcRepositoriesContractIT extends RepositoryPortsContract {

    @Autowired
    CouponRepository coupons;

    @Autowired
    ClaimRepository claims;

    @Override
    protected CouponRepository coupons() {
        return coupons;
    }

    @Override
    protected ClaimRepository claims() {
        return claims;
    }
}
