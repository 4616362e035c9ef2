package io.omniqueue.web;

import io.omniqueue.channel.Channel;
import io.omniqueue.channel.ChannelRegistry;
import io.omniqueue.metrics.AtRiskSettings;
import io.omniqueue.report.AgentDay;
import io.omniqueue.report.AgentDayReport;
import io.omniqueue.report.SlaReport;
import io.omniqueue.report.SlaReportService;
import java.util.Collection;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/reports")
class ReportController {

    private final SlaReportService reports;
    private final ChannelRegistry channels;
    private final AgentDayReport agents;
    private final AtRiskSettings atRisk;
    private final io.omniqueue.report.TopicReport.Maker topicReports;

    ReportController(SlaReportService reports, ChannelRegistry channels, AgentDayReport agents, AtRiskSettings atRisk,
                     io.omniqueue.report.TopicReport.Maker topicReports) {
        this.topicReports = topicReports;
        this.agents = agents;
        this.atRisk = atRisk;
        this.reports = reports;
        this.channels = channels;
    }

    /**
     * Response times per channel and marketplace over the last 7, 30 (default) or 90 days;
     * {@code channel} narrows it to one channel (all its marketplaces).
     */
    @GetMapping("/sla")
    SlaReport sla(@RequestParam(required = false) String channel,
                  @RequestParam(defaultValue = "" + SlaReportService.DEFAULT_DAYS) int days) {
        // Checked here too, so the caller gets the allowed values rather than a generic error.
        if (!SlaReportService.PERIODS_IN_DAYS.contains(days)) {
            throw new BadRequestException("days must be 7, 30 or 90 (the periods marketplaces judge on), was " + days);
        }
        return reports.report(selected(channel), days);
    }

    /**
     * The same customer messages cut by marketplace and reason for writing, over the last 7, 30
     * (default) or 90 days; {@code channel} narrows it to one channel.
     */
    @GetMapping("/topics")
    io.omniqueue.report.TopicReport topics(@RequestParam(required = false) String channel,
                                           @RequestParam(defaultValue = "" + SlaReportService.DEFAULT_DAYS) int days) {
        if (!SlaReportService.PERIODS_IN_DAYS.contains(days)) {
            throw new BadRequestException("days must be 7, 30 or 90 (the periods marketplaces judge on), was " + days);
        }
        return topicReports.report(selected(channel), days);
    }

    /** Per agent: open assigned conversations, at risk, breached, and replies sent today (UTC). */
    @GetMapping("/agents")
    AgentsReport agents() {
        return new AgentsReport(agents.today(atRisk.atRiskLead()));
    }

    record AgentsReport(List<AgentDay> agents) {
    }

    private Collection<Channel> selected(String channel) {
        if (channel == null || channel.isBlank()) {
            return channels.all();
        }
        return List.of(channels.find(channel.trim())
                .orElseThrow(() -> new NotFoundException("channel '" + channel.trim() + "' is not configured")));
    }
}
