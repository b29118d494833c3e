package org.peersupport.shared.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.peersupport.shared.audit.AuditAction;
import org.peersupport.shared.notices.MeetingChange;

/** Every word the contract writes reads back as the value that wrote it; anything else reads as nothing. */
class WireValueTest {
    static Stream<Arguments> wireEnums() {
        return Stream.of(
                Arguments.of(List.of(Audience.values()), (Function<String, Object>) Audience::of),
                Arguments.of(List.of(EmailStatus.values()), (Function<String, Object>) EmailStatus::of),
                Arguments.of(List.of(ForWhom.values()), (Function<String, Object>) ForWhom::of),
                Arguments.of(List.of(Format.values()), (Function<String, Object>) Format::of),
                Arguments.of(List.of(GroupStatus.values()), (Function<String, Object>) GroupStatus::of),
                Arguments.of(List.of(MessageKind.values()), (Function<String, Object>) MessageKind::of),
                Arguments.of(List.of(SignupStatus.values()), (Function<String, Object>) SignupStatus::of),
                Arguments.of(List.of(MeetingChange.Kind.values()), (Function<String, Object>) MeetingChange.Kind::of),
                Arguments.of(List.of(AuditAction.values()),
                        (Function<String, Object>) w -> WireValue.of(AuditAction.values(), w)));
    }

    @ParameterizedTest
    @MethodSource("wireEnums")
    void eachWord_readsBackAsItsValue_andNothingElseReads(List<? extends WireValue> values, Function<String, Object> of) {
        Set<String> words = new HashSet<>();
        for (WireValue value : values) {
            assertEquals(value, of.apply(value.wire()), value + " does not read back from " + value.wire());
            words.add(value.wire());
        }
        assertEquals(values.size(), words.size(), "two values share a word: " + values);
        assertNull(of.apply("no_such_word"));
        assertNull(of.apply(null));
        assertNull(of.apply(values.get(0).wire().toUpperCase(Locale.ROOT)));
    }
}
