package io.flashsale.coupons.adapter.rest;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.mapstruct.factory.Mappers;
import org.springframework.http.MediaType;
import org.springframework.http.converter.json.JacksonJsonHttpMessageConverter;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import tools.jackson.databind.json.JsonMapper;

/**
 * The controller and its problem handler in Spring MVC alone (no server, no application): each
 * outcome and domain exception mapped to the contract's status and code, and JSON read strictly.
 * The stub use cases answer by coupon name ({@link StubApplication}).
 */
class CouponControllerTest {

    private static final String CREATE = "/api/coupons";
    private static final String CLAIM = "/api/coupons/claim";

    @TempDir
    Path spill;

    private MockMvc mvc;

    @BeforeEach
    void setUp() {
        JsonMapper.Builder strict = JsonMapper.builder();
        new RestAdapterConfiguration().strictJson().customize(strict);
        JsonMapper json = strict.build();
        StubApplication stubs = new StubApplication();
        CouponController controller = new CouponController(
                stubs.createCoupon(),
                stubs.claimCoupon(),
                stubs.getCouponDetails(),
                Mappers.getMapper(ResponseMapper.class),
                json,
                new DetailsBodies(1024, spill, Duration.ofSeconds(5)));
        mvc = MockMvcBuilders.standaloneSetup(controller)
                .setControllerAdvice(new ProblemHandler())
                .setMessageConverters(new JacksonJsonHttpMessageConverter(strict))
                .build();
    }

    @Test
    void givenAValidCreate_create_answers201WithLocationAndTheNewCoupon() throws Exception {
        mvc.perform(post(CREATE).contentType(MediaType.APPLICATION_JSON).content("{\"name\":\"Ü 日\",\"amount\":3}"))
                .andExpect(status().isCreated())
                .andExpect(header().string("Location", "/api/coupons/%C3%9C%20%E6%97%A5"))
                .andExpect(content()
                        .json(
                                "{\"name\":\"Ü 日\",\"amount\":3,\"remaining_amount\":3,\"claimed_by\":[]}",
                                org.springframework.test.json.JsonCompareMode.STRICT));
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "PROMO                | 201 | NULL                   | NULL",
                StubApplication.HELD + "| 409 | COUPON_ALREADY_CLAIMED | user 'u1' already holds coupon 'HELD'",
                StubApplication.SOLD + "| 409 | COUPON_SOLD_OUT        | coupon 'SOLD' has no units left",
                StubApplication.NONE + "| 404 | COUPON_NOT_FOUND       | no coupon is named 'NONE'"
            },
            nullValues = "NULL")
    void givenEachOutcome_claim_answersTheContractsStatusAndCode(String coupon, int status, String code, String detail)
            throws Exception {
        ResultActions answer = mvc.perform(post(CLAIM)
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"user_id\":\"u1\",\"coupon_name\":\"" + coupon + "\"}"));

        answer.andExpect(status().is(status));
        if (code == null) {
            answer.andExpect(content().json("{\"user_id\":\"u1\",\"coupon_name\":\"PROMO\"}"));
        } else {
            expectProblem(answer, status, code, detail);
        }
    }

    @Test
    void givenEachDomainException_theHandler_answersItsProblem() throws Exception {
        expectProblem(
                mvc.perform(post(CREATE)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"name\":\"TAKEN\",\"amount\":1}")),
                409,
                "COUPON_ALREADY_EXISTS",
                "a coupon named 'TAKEN' exists already");
        expectProblem(mvc.perform(get("/api/coupons/NONE")), 404, "COUPON_NOT_FOUND", "no coupon is named 'NONE'");
        expectProblem(mvc.perform(get("/api/coupons/ lead")), 404, "COUPON_NOT_FOUND", "no coupon is named ' lead'");
        expectProblem(
                        mvc.perform(get("/api/coupons/BUSY")),
                        503,
                        "SERVICE_UNAVAILABLE",
                        "the service is busy, try again shortly")
                .andExpect(header().string("Retry-After", "2"));
        expectProblem(
                        mvc.perform(get("/api/coupons/DOWN")),
                        503,
                        "SERVICE_UNAVAILABLE",
                        "the database is unavailable, try again shortly")
                .andExpect(header().string("Retry-After", "1"));
        expectProblem(mvc.perform(get("/api/coupons/BOOM")), 500, "INTERNAL_ERROR", "an unexpected error occurred");
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "{\"name\":12,\"amount\":1}           | name has the wrong type: expected a string",
                "{\"name\":[\"x\"],\"amount\":1}      | name has the wrong type: expected a string",
                "{\"name\":\"A\",\"amount\":2.5}      | amount has the wrong type: expected an integer between 1 and 2147483647",
                "{\"name\":\"A\",\"amount\":1.0}      | amount has the wrong type: expected an integer between 1 and 2147483647",
                "{\"name\":\"A\",\"amount\":\"10\"}   | amount has the wrong type: expected an integer between 1 and 2147483647",
                "{\"name\":\"A\",\"amount\":true}     | amount has the wrong type: expected an integer between 1 and 2147483647",
                "{\"name\":\"A\",\"amount\":1e30}     | amount has the wrong type: expected an integer between 1 and 2147483647",
                "{\"name\":\"A\",\"amount\":1}x       | the request body is not a single valid JSON object",
                "{\"name\":\"A\",\"amount\":1} {}     | the request body is not a single valid JSON object",
                "{\"name\":\"A\",\"name\":\"B\",\"amount\":1} | the request body is not a single valid JSON object",
                "[]                                   | the request body is not a single valid JSON object",
                "{'name':'A','amount':1}              | the request body is not a single valid JSON object",
                "null                                 | the request body is missing or unreadable",
                "{\"name\":\"A\",\"amount\":0}        | amount must be an integer between 1 and 2147483647",
                "{\"amount\":1}                       | name is required"
            })
    void givenABodyTheContractRefuses_create_answers400SayingWhy(String body, String detail) throws Exception {
        expectProblem(
                mvc.perform(post(CREATE).contentType(MediaType.APPLICATION_JSON).content(body)),
                400,
                "INVALID_REQUEST",
                detail);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {"{\"name\":\"A\",\"amount\":1,\"extra\":[1,{}]}", "{\"extra\":null,\"name\":\"A\",\"amount\":1}"
            })
    void givenUnknownFields_create_ignoresThem(String body) throws Exception {
        mvc.perform(post(CREATE).contentType(MediaType.APPLICATION_JSON).content(body))
                .andExpect(status().isCreated());
    }

    @Test
    void givenTheWrongContentType_create_answers415WithWhatItAccepts() throws Exception {
        expectProblem(
                        mvc.perform(
                                post(CREATE).contentType(MediaType.TEXT_PLAIN).content("{}")),
                        415,
                        "UNSUPPORTED_MEDIA_TYPE",
                        "Unsupported Media Type")
                .andExpect(header().string("Accept", "application/json"));
    }

    @Test
    void givenTheCurrentEtag_details_answers304WithoutABody() throws Exception {
        mvc.perform(get("/api/coupons/PROMO"))
                .andExpect(status().isOk())
                .andExpect(header().string("ETag", "W/\"3-8\""))
                .andExpect(content()
                        .string("{\"name\":\"PROMO\",\"amount\":10,\"remaining_amount\":8,"
                                + "\"claimed_by\":[\"user_1\",\"user \\\"2\\\"\"]}"));
        mvc.perform(get("/api/coupons/PROMO").header("If-None-Match", "\"x\", W/\"3-8\""))
                .andExpect(status().isNotModified())
                .andExpect(content().string(""));
    }

    private static ResultActions expectProblem(ResultActions answer, int status, String code, String detail)
            throws Exception {
        return answer.andExpect(status().is(status))
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.status").value(status))
                .andExpect(jsonPath("$.code").value(code))
                .andExpect(jsonPath("$.type")
                        .value("urn:problem-type:flash-sale-coupons:"
                                + code.toLowerCase(java.util.Locale.ROOT).replace('_', '-')))
                .andExpect(jsonPath("$.title").value(ApiError.valueOf(code).title()))
                .andExpect(jsonPath("$.detail").value(detail));
    }
}
