package io.flashsale.coupons.adapter.rest;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Locale;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses requests that only a broken or hostile client sends, before anything decodes them:
 * percent-encoding that is malformed or not UTF-8 (in the path, its {@code ;} parameters, or the
 * query), encoded slashes outside the one place that judges them, a coupon name, and a wildcard
 * {@code Content-Type}. Tomcat checks the plain path itself, but not path parameters or the query,
 * and lets encoded slashes through for coupon names; Spring MVC and the actuator fail on all of
 * these with a 500 instead of a 4xx.
 */
final class MalformedRequestFilter extends OncePerRequestFilter {

    /** The only path whose last segment may carry an encoded slash: the coupon details' name. */
    private static final String COUPON_NAME_PREFIX = "/api/coupons/";

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String path = request.getRequestURI();
        String query = request.getQueryString();
        if (!isPercentEncodedUtf8(path)) {
            refuse(response, "the request path is not valid percent-encoded UTF-8");
        } else if (query != null && !isPercentEncodedUtf8(query)) {
            refuse(response, "the query string is not valid percent-encoded UTF-8");
        } else if (hasEncodedSlash(path) && !path.startsWith(COUPON_NAME_PREFIX)) {
            refuse(response, "an encoded slash is allowed only in a coupon name");
        } else if (isWildcard(request.getContentType())) {
            refuse(
                    response,
                    ApiError.UNSUPPORTED_MEDIA_TYPE,
                    "the Content-Type of a request body must not be a wildcard");
        } else {
            chain.doFilter(request, response);
        }
    }

    private static void refuse(HttpServletResponse response, String detail) throws IOException {
        refuse(response, ApiError.INVALID_REQUEST, detail);
    }

    private static void refuse(HttpServletResponse response, ApiError error, String detail) throws IOException {
        Problem.of(error, detail).send(response);
    }

    /** Spring fails on such a header (any type, or any subtype) instead of refusing it. */
    private static boolean isWildcard(String contentType) {
        if (contentType == null) {
            return false;
        }
        try {
            MediaType type = MediaType.parseMediaType(contentType);
            return type.isWildcardType() || type.isWildcardSubtype();
        } catch (InvalidMediaTypeException unparsable) {
            // Spring MVC answers an unparsable Content-Type with a 415 of its own.
            return false;
        }
    }

    private static boolean hasEncodedSlash(String path) {
        String upper = path.toUpperCase(Locale.ROOT);
        return upper.contains("%2F") || upper.contains("%5C");
    }

    /** Every {@code %} starts two hex digits, and the bytes they stand for, with the rest, are UTF-8. */
    static boolean isPercentEncodedUtf8(String text) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '%') {
                if (i + 2 >= text.length()
                        || !HexFormat.isHexDigit(text.charAt(i + 1))
                        || !HexFormat.isHexDigit(text.charAt(i + 2))) {
                    return false;
                }
                bytes.write(HexFormat.fromHexDigits(text, i + 1, i + 3));
                i += 2;
            } else if (c > 0xff) {
                return false;
            } else {
                // Tomcat hands raw bytes over as ISO-8859-1 characters: each is the byte it was.
                bytes.write(c);
            }
        }
        try {
            StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.toByteArray()));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }
}
