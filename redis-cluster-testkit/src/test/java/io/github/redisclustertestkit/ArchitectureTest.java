package io.github.redisclustertestkit;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.domain.JavaMember;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.domain.JavaType;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The layering of the core, enforced: the public packages (the root, {@code spec}, {@code faults})
 * sit on the internal ones, never the other way round, and no package takes part in a cycle.
 */
class ArchitectureTest {

    private static final String ROOT = "io.github.redisclustertestkit";

    private static final JavaClasses CORE = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages(ROOT);

    /** One slice per package, the root package included (a pattern like {@code ROOT.(**)} leaves it out). */
    private static final SliceAssignment PACKAGES = new SliceAssignment() {
        @Override
        public SliceIdentifier getIdentifierOf(JavaClass type) {
            String pkg = type.getPackageName();
            return pkg.equals(ROOT) || pkg.startsWith(ROOT + ".") ? SliceIdentifier.of(pkg) : SliceIdentifier.ignore();
        }

        @Override
        public String getDescription() {
            return "the packages of " + ROOT;
        }
    };

    @Test
    void noPackageTakesPartInACycle() {
        slices().assignedFrom(PACKAGES).should().beFreeOfCycles().check(CORE);
    }

    @Test
    void theInternalsDoNotDependOnThePublicFront() {
        ArchRule rule = noClasses().that().resideInAPackage(ROOT + ".internal..")
                .should().dependOnClassesThat().resideInAPackage(ROOT)
                .because("the root package is the public front, built on the internals: the internals throw"
                        + " ClusterFailure, which the front translates, and keep their own value types");
        rule.check(CORE);
    }

    @Test
    void noPublicSignatureMentionsAnInternalType() {
        classes().that(arePublicApi()).should(notMentionInternalTypesInPublicSignatures()).check(CORE);
    }

    private static DescribedPredicate<JavaClass> arePublicApi() {
        return DescribedPredicate.describe("are public API", type -> {
            if (type.getPackageName().contains(".internal") || type.getSimpleName().equals("module-info")) {
                return false;
            }
            for (JavaClass c = type; c != null; c = c.getEnclosingClass().orElse(null)) {
                if (!c.getModifiers().contains(JavaModifier.PUBLIC) || c.isAnonymousClass() || c.isLocalClass()) {
                    return false;
                }
            }
            return true;
        });
    }

    private static ArchCondition<JavaClass> notMentionInternalTypesInPublicSignatures() {
        return new ArchCondition<>("not mention internal types in public or protected signatures") {
            @Override
            public void check(JavaClass type, ConditionEvents events) {
                List<String> leaks = new ArrayList<>();
                type.getSuperclass().ifPresent(s -> leaks(type.getName() + " extends", s, leaks));
                type.getInterfaces().forEach(i -> leaks(type.getName() + " implements", i, leaks));
                for (JavaField field : type.getFields()) {
                    if (visible(field)) {
                        leaks(field.getFullName(), field.getType(), leaks);
                    }
                }
                for (JavaCodeUnit unit : type.getCodeUnits()) {
                    if (visible(unit) && !unit.getModifiers().contains(JavaModifier.SYNTHETIC)) {
                        leaks(unit.getFullName() + " returns", unit.getReturnType(), leaks);
                        unit.getParameterTypes().forEach(p -> leaks(unit.getFullName(), p, leaks));
                        unit.getThrowsClause().getTypes().forEach(t -> leaks(unit.getFullName() + " throws", t, leaks));
                    }
                }
                for (String leak : leaks) {
                    events.add(SimpleConditionEvent.violated(type, leak));
                }
            }
        };
    }

    private static boolean visible(JavaMember member) {
        Set<JavaModifier> modifiers = member.getModifiers();
        return modifiers.contains(JavaModifier.PUBLIC) || modifiers.contains(JavaModifier.PROTECTED);
    }

    /** Adds a line for every internal type {@code type} involves, type arguments and bounds included. */
    private static void leaks(String where, JavaType type, List<String> leaks) {
        Set<String> internal = new TreeSet<>();
        for (JavaClass raw : type.getAllInvolvedRawTypes()) {
            if (raw.getPackageName().startsWith(ROOT + ".internal")) {
                internal.add(raw.getName());
            }
        }
        internal.forEach(name -> leaks.add(where + " mentions " + name));
    }
}
