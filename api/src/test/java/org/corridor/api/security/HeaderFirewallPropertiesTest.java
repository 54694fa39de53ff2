package org.corridor.api.security;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.CharRange;
import net.jqwik.api.constraints.Chars;
import org.springframework.security.web.firewall.StrictHttpFirewall;

/** The firewall's header checks without regular expressions accept exactly what Spring Security's accept. */
class HeaderFirewallPropertiesTest {

    @Property(tries = 2000)
    void headerNamesAndValuesAreJudgedAsSpringSecurityJudgesThem(@ForAll String text) {
        sameAsSpringSecurity(text);
    }

    @Property(tries = 2000)
    void textNearTheControlCharactersIsJudgedAsSpringSecurityJudgesIt(
            @ForAll @CharRange(from = '\u0000', to = '\u00ff') @Chars({'\u0378', '\ud800', '\udc00', '\ufffe', '\uffff'}) String text) {
        sameAsSpringSecurity(text);
    }

    @Example
    void theEdgesAreJudgedAsSpringSecurityJudgesThem() {
        for (String s : new String[] {"", "Bearer abc.def", "a\tb", "a\u0000b", "\u007f", "\u0085", "\u00a0", "\u0378",
                                      "\ud83d\ude00", "\ud83d", "\ude00x", "\uffff", new String(Character.toChars(0xE0001)), new String(Character.toChars(0x10FFFF))}) {
            sameAsSpringSecurity(s);
        }
    }

    private static void sameAsSpringSecurity(String text) {
        assertThat(SecurityConfig.allowedInHeader(text, false)).as("name %s", text).isEqualTo(StrictHttpFirewall.ALLOWED_HEADER_NAMES.test(text));
        assertThat(SecurityConfig.allowedInHeader(text, true)).as("value %s", text).isEqualTo(StrictHttpFirewall.ALLOWED_HEADER_VALUES.test(text));
    }
}
