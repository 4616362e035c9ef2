package io.omniqueue.web.inbox;

import io.omniqueue.channel.ChannelRegistry;
import io.omniqueue.report.SlaDay;
import io.omniqueue.report.SlaReportService;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.server.ResponseStatusException;

/**
 * {@code /reports}: the SLA report per channel and marketplace for 7, 30 or 90 days, and the daily
 * series its chart draws, as JSON for the signed-in page (the API's token is not needed, the session is).
 */
@Controller
class ReportsPage {

    static final int CHART_DAYS = 30;

    private final SlaReportService reports;
    private final ChannelRegistry channels;
    private final io.omniqueue.report.AgentDayReport agents;
    private final io.omniqueue.metrics.AtRiskSettings atRisk;
    private final io.omniqueue.report.TopicReport.Maker topics;

    ReportsPage(SlaReportService reports, ChannelRegistry channels, io.omniqueue.report.AgentDayReport agents,
                io.omniqueue.metrics.AtRiskSettings atRisk, io.omniqueue.report.TopicReport.Maker topics) {
        this.topics = topics;
        this.reports = reports;
        this.channels = channels;
        this.agents = agents;
        this.atRisk = atRisk;
    }

    @GetMapping("/reports")
    String reports(@RequestParam(defaultValue = "" + SlaReportService.DEFAULT_DAYS) int days, Model model) {
        model.addAttribute("report", reports.report(channels.all(), period(days)));
        model.addAttribute("topics", topics.report(channels.all(), period(days)));
        model.addAttribute("periods", SlaReportService.PERIODS_IN_DAYS);
        model.addAttribute("chartDays", CHART_DAYS);
        // Each agent's day: their open assigned conversations, at risk, breached, replies sent today.
        model.addAttribute("agents", agents.today(atRisk.atRiskLead()));
        return "reports";
    }

    @GetMapping(value = "/reports/daily.json", produces = "application/json")
    @ResponseBody
    Series daily(@RequestParam(defaultValue = "" + CHART_DAYS) int days) {
        return new Series(reports.daily(channels.all(), period(days)));
    }

    private static int period(int days) {
        if (!SlaReportService.PERIODS_IN_DAYS.contains(days)) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "days must be 7, 30 or 90");
        }
        return days;
    }

    record Series(List<SlaDay> days) {
    }
}
