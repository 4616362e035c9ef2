package io.omniqueue.web;

import io.omniqueue.customer.CustomerConflictException;
import io.omniqueue.customer.CustomerErasure;
import io.omniqueue.customer.CustomerExport;
import io.omniqueue.customer.CustomerMerges;
import io.omniqueue.customer.CustomerNotFoundException;
import io.omniqueue.customer.CustomerView;
import io.omniqueue.customer.Customers;
import io.omniqueue.customer.ErasureRecord;
import io.omniqueue.customer.MergeView;
import io.omniqueue.platform.Caller;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import java.util.List;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Customers: one person across channels, merges and their undo, suggestions, and the person's GDPR rights (export, erasure). */
@RestController
@RequestMapping("/api/customers")
class CustomerController {

    private final Customers customers;
    private final CustomerMerges merges;
    private final CustomerErasure erasure;
    private final Clock clock;

    CustomerController(Customers customers, CustomerMerges merges, CustomerErasure erasure, Clock clock) {
        this.customers = customers;
        this.merges = merges;
        this.erasure = erasure;
        this.clock = clock;
    }

    /** The customer, its identities, its conversations on every channel and its orders, newest first. */
    @GetMapping("/{id}")
    CustomerView get(@PathVariable long id) {
        return customers.find(id).orElseThrow(() -> new CustomerNotFoundException("no customer " + id));
    }

    /** Everything held about the person, as a JSON file to hand over. */
    @GetMapping(path = "/{id}/export", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<CustomerExport> export(@PathVariable long id) {
        CustomerExport export = customers.export(id, clock.instant())
                .orElseThrow(() -> new CustomerNotFoundException("no customer " + id));
        return ResponseEntity.ok()
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
                        .filename("customer-" + id + ".json").build().toString())
                .body(export);
    }

    /** Erases the person's data; what is left is counted, not named. */
    @DeleteMapping("/{id}")
    ErasureRecord erase(@PathVariable long id, HttpServletRequest http) {
        return erasure.erase(id, Caller.of(http));
    }

    /** Merges the customer {@code otherId} into this one. */
    @PostMapping("/{id}/merge")
    @ResponseStatus(HttpStatus.CREATED)
    MergeView merge(@PathVariable long id, @RequestBody(required = false) MergeRequest request, HttpServletRequest http) {
        if (request == null || request.otherId() == null) {
            throw new BadRequestException("otherId (the customer to merge into this one) is required");
        }
        return merges.merge(id, request.otherId(), Caller.of(http));
    }

    record MergeRequest(Long otherId) {
    }

    /** Undoes one of the customer's merges: the absorbed customer gets back what it had, and what came in through it since. */
    @PostMapping("/{id}/merges/{mergeId}/undo")
    MergeView undo(@PathVariable long id, @PathVariable long mergeId, HttpServletRequest http) {
        return merges.undo(id, mergeId, Caller.of(http));
    }

    @GetMapping("/{id}/suggestions")
    List<CustomerView.Suggestion> suggestions(@PathVariable long id) {
        return get(id).suggestions();
    }

    /** The two are one person: merged (the newer into the older). */
    @PostMapping("/{id}/suggestions/{suggestionId}/confirm")
    @ResponseStatus(HttpStatus.CREATED)
    MergeView confirm(@PathVariable long id, @PathVariable long suggestionId, HttpServletRequest http) {
        return merges.confirm(id, suggestionId, Caller.of(http));
    }

    /** The two are different people: never suggested again. */
    @PostMapping("/{id}/suggestions/{suggestionId}/reject")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void reject(@PathVariable long id, @PathVariable long suggestionId, HttpServletRequest http) {
        merges.reject(id, suggestionId, Caller.of(http));
    }

    @ExceptionHandler(CustomerNotFoundException.class)
    ProblemDetail notFound(CustomerNotFoundException e) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, e.getMessage());
    }

    @ExceptionHandler(CustomerConflictException.class)
    ProblemDetail conflict(CustomerConflictException e) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, e.getMessage());
    }
}
