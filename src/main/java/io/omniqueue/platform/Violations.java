package io.omniqueue.platform;

import jakarta.validation.ConstraintValidatorContext;
import java.util.Optional;

/** Turns a problem of {@link InputText} into the violation's message. */
final class Violations {

    private Violations() {
    }

    static boolean report(Optional<String> problem, ConstraintValidatorContext context) {
        if (problem.isEmpty()) {
            return true;
        }
        context.disableDefaultConstraintViolation();
        // The problem is our own wording (no user input), so it is safe as a message template.
        context.buildConstraintViolationWithTemplate(problem.get()).addConstraintViolation();
        return false;
    }
}
