package dev.querylens.collect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Query comments as sqlcommenter's specification and Rails' query logs write them. */
class QueryTagsTest {
    @Test
    void theSpecificationsOwnExampleIsDecoded() {
        // google.github.io/sqlcommenter/spec, "Format" section
        QueryTags t = QueryTags.of("SELECT * FROM FOO /*action='%2Fparam*d',controller='index',framework='spring',"
                + "traceparent='00-5bd66ef5095369c7b0d1f8f4bd33716a-c532cb4098ac3dd2-01',"
                + "tracestate='congo%3Dt61rcWkgMzE%2Crojo%3D00f067aa0ba902b7'*/");
        assertEquals("/param*d", t.get("action"));
        assertEquals("congo=t61rcWkgMzE,rojo=00f067aa0ba902b7", t.get("tracestate"));
        assertEquals("5bd66ef5095369c7b0d1f8f4bd33716a", t.requestId());
        assertEquals("index#/param*d", t.route());
        assertEquals("spring", t.framework());
    }

    @Test
    void railsQueryLogsAndDjangoTagsNameRouteCodeAndApplication() {
        QueryTags rails = QueryTags.of("/*application:Blog,controller:posts,action:index,source_location:app/models/post.rb:12*/"
                + " SELECT \"posts\".* FROM \"posts\"");
        assertEquals("posts#index", rails.route());
        assertEquals("Blog", rails.applicationName());
        assertEquals("app/models/post.rb:12", rails.callSite());
        QueryTags django = QueryTags.of("SELECT 1 /*controller='index',db_driver='django.db.backends.postgresql',"
                + "framework='django%3A3.2',route='%5Epolls%2F%24'*/");
        assertEquals("^polls/$", django.route());
        assertEquals("django:3.2", django.framework());
        QueryTags node = QueryTags.of("select 1 /*file='src%2Fdb.ts',line='42',route='%2Fbooks'*/");
        assertEquals("src/db.ts:42", node.callSite());
    }

    @Test
    void ordinaryCommentsAreNotTagsAndTheApplicationNameIsKept() {
        assertTrue(QueryTags.of("select 1 /* hot path, keep it fast */").isEmpty());
        assertTrue(QueryTags.of("select '/*' || x from t").isEmpty());
        QueryTags t = QueryTags.of("select 1").withApplication("shop-api");
        assertEquals("shop-api", t.applicationName());
        assertNull(t.requestId());
        Execution e = new Execution(SourceKind.STDERR_LOG, new SourceLocation("f", 1), "select 1 /*route='%2Fa'*/", null, "1", null,
                Double.NaN, null, null).withApplication("svc");
        assertEquals("/a", e.tags().route());
        assertEquals("svc", e.tags().applicationName());
    }
}
